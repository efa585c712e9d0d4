// SafeTensorsReader/Writer against an independent Python implementation of the format,
// and the errors a user sees for damaged files.
#include "TestSupport.h"
#include "base/Error.h"
#include "base/SafeTensorsReader.h"
#include "base/SafeTensorsWriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestSafeTensors : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    // Expects opening `file` to throw an Error that names the file and contains `fragment`.
    void expectError(const QString& file, const std::string& fragment)
    {
        try {
            SafeTensorsReader reader(file.toStdString());
            QFAIL(qPrintable("no error for " + file));
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(file.toStdString()) != std::string::npos, e.what());
            QVERIFY2(what.find(fragment) != std::string::npos, e.what());
        }
    }

    QByteArray validFile()
    {
        SafeTensorsWriter writer;
        writer.addFloat32("x", {2, 3}, {1, 2, 3, 4, 5, 6});
        return QByteArray::fromStdString(writer.serialize());
    }

private Q_SLOTS:
    void roundTripKeepsValuesShapesAndMetadata()
    {
        SafeTensorsWriter writer;
        writer.addFloat32("embeddings", {2, 3}, {1.f, -2.f, 3.5f, 0.f, 1e-8f, 7.f});
        const std::vector<int64_t> ids{5, -9, 1LL << 40};
        writer.add("ids", DType::I64, {3}, ids.data(), ids.size() * 8);
        writer.setMetadata("format", "test/1");
        writer.write(path("rt.safetensors").toStdString());

        SafeTensorsReader reader(path("rt.safetensors").toStdString());
        QCOMPARE(reader.names(), (std::vector<std::string>{"embeddings", "ids"}));
        const auto& emb = reader.tensor("embeddings");
        QCOMPARE(emb.shape, (std::vector<int64_t>{2, 3}));
        QCOMPARE(emb.toFloat32(), (std::vector<float>{1.f, -2.f, 3.5f, 0.f, 1e-8f, 7.f}));
        QCOMPARE(reader.tensor("ids").dtype, DType::I64);
        QCOMPARE(reader.metadata().at("format"), std::string("test/1"));
        QCOMPARE(SafeTensorsReader::readMetadata(path("rt.safetensors").toStdString()).at("format"),
                 std::string("test/1"));
    }

    void pythonReadsWhatWeWrite()
    {
        SafeTensorsWriter writer;
        writer.addFloat32("w", {2, 2}, {0.25f, -1.f, 3.f, 1e6f});
        writer.setMetadata("k", "v");
        writer.write(path("ours.safetensors").toStdString());
        const auto r = test::runPythonScript("safetensors_reference.py", {"read", path("ours.safetensors")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto doc = QJsonDocument::fromJson(r.stdoutBytes).object();
        QCOMPARE(doc["__metadata__"].toObject()["k"].toString(), QString("v"));
        const auto w = doc["w"].toObject();
        QCOMPARE(w["shape"].toArray(), (QJsonArray{2, 2}));
        QCOMPARE(w["values"].toArray(), (QJsonArray{0.25, -1.0, 3.0, 1e6}));
    }

    void weReadWhatPythonWritesIncludingHalfTypes()
    {
        const auto file = path("theirs.safetensors");
        const auto r = test::runPythonScript("safetensors_reference.py", {"write", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto expected = QJsonDocument::fromJson(r.stdoutBytes).object();
        SafeTensorsReader reader(file.toStdString());
        QCOMPARE(reader.metadata().at("written_by"), std::string("python"));
        QCOMPARE(reader.tensor("b.f16").dtype, DType::F16);
        QCOMPARE(reader.tensor("c.bf16").dtype, DType::BF16);
        QVERIFY(reader.tensor("e.scalar").shape.empty());
        for (const auto& name : expected.keys()) {
            const auto values = reader.tensor(name.toStdString()).toFloat32();
            const auto want = expected[name].toArray();
            QCOMPARE(int(values.size()), int(want.size()));
            for (int i = 0; i < want.size(); ++i)
                QCOMPARE(values[size_t(i)], float(want[i].toDouble()));  // exact: same widening
        }
    }

    void missingTensorNamesFileAndTensor()
    {
        QVERIFY(test::writeBytes(path("one.safetensors"), validFile()));
        SafeTensorsReader reader(path("one.safetensors").toStdString());
        QVERIFY_THROWS_EXCEPTION(Error, reader.tensor("nope"));
    }

    void damagedFilesGiveClearErrors()
    {
        const QByteArray good = validFile();
        QVERIFY(test::writeBytes(path("empty.safetensors"), {}));
        expectError(path("empty.safetensors"), "too short");
        QVERIFY(test::writeBytes(path("cut.safetensors"), good.left(good.size() - 4)));
        expectError(path("cut.safetensors"), "truncated");
        QVERIFY(test::writeBytes(path("cuthead.safetensors"), good.left(12)));
        expectError(path("cuthead.safetensors"), "truncated");

        QByteArray absurd = good;
        absurd[7] = char(0x7f);
        QVERIFY(test::writeBytes(path("absurd.safetensors"), absurd));
        expectError(path("absurd.safetensors"), "absurd");

        const auto withHeader = [](const QByteArray& json, int dataBytes) {
            QByteArray out(8, 0);
            const auto n = quint64(json.size());
            for (int i = 0; i < 8; ++i)
                out[i] = char((n >> (8 * i)) & 0xff);
            return out + json + QByteArray(dataBytes, 0);
        };
        QVERIFY(test::writeBytes(path("json.safetensors"), withHeader("{\"x\": {", 0)));
        expectError(path("json.safetensors"), "malformed safetensors header");
        QVERIFY(test::writeBytes(path("shape.safetensors"),
            withHeader(R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)));
        expectError(path("shape.safetensors"), "shape and dtype need 12");
        QVERIFY(test::writeBytes(path("dtype.safetensors"),
            withHeader(R"({"x":{"dtype":"F8","shape":[1],"data_offsets":[0,1]}})", 1)));
        expectError(path("dtype.safetensors"), "unsupported dtype F8");
        QVERIFY(test::writeBytes(path("overlap.safetensors"),
            withHeader(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                       R"("y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8)));
        expectError(path("overlap.safetensors"), "overlap");
        QVERIFY(test::writeBytes(path("negative.safetensors"),
            withHeader(R"({"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4)));
        expectError(path("negative.safetensors"), "negative");
        expectError(path("absent.safetensors"), "cannot open");
    }

    void writerRejectsSizeMismatch()
    {
        SafeTensorsWriter writer;
        const float one = 1.f;
        QVERIFY_THROWS_EXCEPTION(Error, writer.add("x", DType::F32, {2}, &one, 4));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestSafeTensors)
#include "tst_SafeTensors.moc"
