// `soundframe-cli embed`: images and texts through the CLI against the independent Python CLIP
// (clip_reference.py) on a small random checkpoint; skipped files; --normalize; usage errors.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/SafeTensorsReader.h"
#include "base/TorchTensors.h"
#include "CliTestSupport.h"
#include "media/AudioDecoder.h"
#include "model/AudioEncoder.h"
#include "model/AudioFrontEnd.h"
#include "model/ClipImagePreprocessor.h"
#include "model/ClipTokenizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <random>

using namespace soundframe;

class TestEmbedCommand : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString model() const { return path("ref/model"); }
    QByteArray m_referenceRaw;  // rgb24 32x32 pixels the tower should see, for the readable images
    QStringList m_readable;

    static test::CliRun run(const QStringList& args) { return test::runCliInProcess(QStringList{"embed"} + args); }

    // Python features for `inputs` (a safetensors file holding "pixels" and/or "ids").
    std::map<std::string, torch::Tensor> reference(const QString& inputs)
    {
        const QString out = inputs + ".features";
        const auto r = test::runPythonScript("clip_reference.py", {"forward", model(), inputs, out});
        if (r.exitCode != 0) {
            qWarning("%s", qPrintable(r.stderrText));
            return {};
        }
        return loadTorchTensors(out.toStdString());
    }

    torch::Tensor referenceImageFeatures()
    {
        const QString config = path("pre.json"), pixels = path("pixels.safetensors");
        if (!test::writeBytes(config, QByteArray::fromStdString(ClipImagePreprocessorConfig::forImageSize(32).toJson())))
            return {};
        const QString raw = path("reference.rgb");
        if (!test::writeBytes(raw, m_referenceRaw))
            return {};
        const auto r = test::runPythonScript("clip_reference.py",
            {"normalize", raw, "32", QString::number(m_readable.size()), config, pixels});
        if (r.exitCode != 0) {
            qWarning("%s", qPrintable(r.stderrText));
            return {};
        }
        const auto features = reference(pixels);
        return features.count("image_features") ? features.at("image_features") : torch::Tensor();
    }

    static double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto r = test::runPythonScript("clip_reference.py", {"make", path("ref"), "--vocab", "600", "--tokenizer"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));

        // Four images already 32 x 32 and one 48 x 40 that the command must resize and crop.
        std::mt19937 rng(5);
        const auto writePng = [&](const QString& name, int w, int h) -> QByteArray {
            QByteArray raw(w * h * 3, 0);
            for (auto& c : raw)
                c = char(rng() & 0xff);
            if (!test::writeBytes(path(name + ".rgb"), raw))
                return {};
            const auto t = test::runTool(SOUNDFRAME_FFMPEG, {"-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
                "-s", QString("%1x%2").arg(w).arg(h), "-i", path(name + ".rgb"), "-frames:v", "1", path(name)});
            return t.exitCode == 0 ? raw : QByteArray();
        };
        for (int i = 0; i < 4; ++i) {
            const QString name = QString("img%1.png").arg(i);
            const QByteArray raw = writePng(name, 32, 32);
            QVERIFY(!raw.isEmpty());
            m_referenceRaw += raw;
            m_readable << name;
            if (i == 1) {  // a wide image between the square ones
                QVERIFY(!writePng("wide.png", 48, 40).isEmpty());
                r = test::runTool(SOUNDFRAME_FFMPEG, {"-v", "error", "-i", path("wide.png"), "-vf",
                    "scale=38:32:flags=bicubic,crop=32:32", "-pix_fmt", "rgb24", "-f", "rawvideo", "-"});
                QCOMPARE(int(r.stdoutBytes.size()), 32 * 32 * 3);
                m_referenceRaw += r.stdoutBytes;
                m_readable << "wide.png";
            }
        }
        QVERIFY(test::writeBytes(path("broken.png"), "this is not a picture"));
        // Relative to the list's folder; a comment, a blank line, a missing and a broken file.
        QVERIFY(test::writeBytes(path("images.txt"),
            "# frames\nimg0.png\nimg1.png\nmissing.png\nwide.png\n\nbroken.png\nimg2.png\n" + path("img3.png").toUtf8()
                + "\n"));
    }

    void imagesMatchReferenceAndUnreadableOnesAreSkipped()
    {
        const auto r = run({"--clip", model(), "--images", path("images.txt"), "--out", path("img.safetensors"),
                            "--batch", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("skipped " + path("missing.png")), qPrintable(r.err));
        QVERIFY2(r.err.contains("skipped " + path("broken.png")), qPrintable(r.err));
        const auto summary = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(summary["rows"].toInt(), 5);
        QCOMPARE(summary["dim"].toInt(), 40);
        QCOMPARE(summary["skipped"].toInt(), 2);

        SafeTensorsReader file(path("img.safetensors").toStdString());
        const auto& meta = file.metadata();
        QCOMPARE(meta.at("kind"), std::string("image"));
        QCOMPARE(meta.at("format"), std::string("soundframe-embeddings/1"));
        QCOMPARE(meta.at("model"), model().toStdString());
        QCOMPARE(meta.at("normalized"), std::string("false"));
        QVERIFY(meta.at("model_identity").rfind("clip:model ", 0) == 0);
        const auto items = QJsonDocument::fromJson(QByteArray::fromStdString(meta.at("items"))).array();
        QCOMPARE(items.size(), 5);
        QCOMPARE(items[0].toString(), path("img0.png"));
        QCOMPARE(items[2].toString(), path("wide.png"));
        QCOMPARE(items[4].toString(), path("img3.png"));
        const auto skipped = QJsonDocument::fromJson(QByteArray::fromStdString(meta.at("skipped"))).array();
        QCOMPARE(skipped.size(), 2);
        QCOMPARE(skipped[0].toObject()["path"].toString(), path("missing.png"));
        QVERIFY(!skipped[1].toObject()["reason"].toString().isEmpty());

        const auto ours = toTorchTensor(file.tensor("embeddings"));
        QCOMPARE(file.tensor("embeddings").dtype, DType::F32);
        QCOMPARE(ours.sizes().vec(), (std::vector<int64_t>{5, 40}));
        const auto expected = referenceImageFeatures();
        QVERIFY(expected.defined());
        const double diff = maxDiff(ours, expected);
        qInfo("images: max |diff| %.2e", diff);
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));

        const auto n = run({"--clip", model(), "--images", path("images.txt"), "--out", path("imgn.safetensors"),
                            "--normalize"});
        QVERIFY2(n.code == 0, qPrintable(n.err));
        SafeTensorsReader normed(path("imgn.safetensors").toStdString());
        QCOMPARE(normed.metadata().at("normalized"), std::string("true"));
        const auto unit = toTorchTensor(normed.tensor("embeddings"));
        QVERIFY(maxDiff(unit.norm(2, 1), torch::ones({5})) < 1e-5);
        QVERIFY(maxDiff(unit, expected / expected.norm(2, 1, true)) < 1e-5);
    }

    void textsMatchReference()
    {
        const std::vector<std::string> texts{"a dog barks", "rain on a roof", "Über café, 3 cows!"};
        QVERIFY(test::writeBytes(path("texts.txt"), "a dog barks\n\nrain on a roof\r\nÜber café, 3 cows!\n"));
        const auto r = run({"--clip", model(), "--texts", path("texts.txt"), "--out", path("txt.safetensors")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        SafeTensorsReader file(path("txt.safetensors").toStdString());
        QCOMPARE(file.metadata().at("kind"), std::string("text"));
        const auto items = QJsonDocument::fromJson(QByteArray::fromStdString(file.metadata().at("items"))).array();
        QCOMPARE(items.size(), 3);
        QCOMPARE(items[2].toString(), QString::fromUtf8("Über café, 3 cows!"));
        const auto ours = toTorchTensor(file.tensor("embeddings"));

        const auto tokenizer = ClipTokenizer::fromDirectory(model().toStdString());
        auto ids = torch::empty({3, 77}, torch::kInt64);
        for (int i = 0; i < 3; ++i)
            ids[i] = torch::tensor(tokenizer.tokenize(texts[size_t(i)]), torch::kInt64);
        QCOMPARE(ids[0][0].item<int64_t>(), int64_t(597));   // <|startoftext|>
        QCOMPARE(ids[0][10].item<int64_t>(), int64_t(598));  // <|endoftext|> after 1 + 3 + 5 byte tokens
        saveTorchTensors(path("ids.safetensors").toStdString(), {{"ids", ids}});
        const auto expected = reference(path("ids.safetensors"));
        QVERIFY(expected.count("text_features"));
        const double diff = maxDiff(ours, expected.at("text_features"));
        qInfo("texts: max |diff| %.2e", diff);
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
    }

    void audioThroughATrainedEncoder()
    {
        // Plumbing only (decode, fixed-length log-mel, batches, skips): the encoders have their own
        // reference tests. Each file alone through the core must equal the CLI's batched rows.
        AudioEncoderConfig config;
        config.cnn.channels = {8, 16, 32};
        config.logMel.nMels = 32;
        config.embedDim = 12;
        config.clipSeconds = 2.0;
        torch::manual_seed(3);
        saveAudioEncoder(AudioEncoder(config), path("audio").toStdString());
        for (const auto& [name, source] : {std::pair<QString, QString>{"tone.wav", "sine=frequency=440:duration=2.5"},
                                           {"noise.flac", "anoisesrc=duration=1:color=pink"},
                                           {"chirp.wav", "sine=frequency=2000:duration=3"}}) {
            QVERIFY(test::makeMedia({source}, path(name), {"-ar", "22050"}));
        }
        QVERIFY(test::writeBytes(path("audio.txt"), "tone.wav\nbroken.png\nnoise.flac\nchirp.wav\n"));
        const auto r = run({"--model", path("audio"), "--audio", path("audio.txt"), "--out", path("aud.safetensors"),
                            "--batch", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.err.contains("skipped " + path("broken.png")));
        SafeTensorsReader file(path("aud.safetensors").toStdString());
        QCOMPARE(file.metadata().at("kind"), std::string("audio"));
        const auto ours = toTorchTensor(file.tensor("embeddings"));
        QCOMPARE(ours.sizes().vec(), (std::vector<int64_t>{3, 12}));

        auto encoder = loadAudioEncoder(path("audio").toStdString(), torch::kCPU);
        const AudioFrontEnd front(encoder->config());
        torch::NoGradGuard noGrad;
        int row = 0;
        for (const char* name : {"tone.wav", "noise.flac", "chirp.wav"}) {
            AudioDecodeOptions options;
            options.targetRate = 16000;
            const auto samples = decodeAudio(path(name).toStdString(), options).samples;
            const auto one = encoder->forward(front.logMel({torch::tensor(samples)}, torch::kCPU));
            QVERIFY2(maxDiff(one[0], ours[row++]) < 1e-5, name);
        }
    }

    void usageAndFailures()
    {
        QCOMPARE(run({"--clip", model(), "--out", path("x.safetensors")}).code, 2);
        QCOMPARE(run({"--clip", model(), "--texts", "a", "--images", "b", "--out", path("x.safetensors")}).code, 2);
        QCOMPARE(run({"--texts", path("texts.txt"), "--out", path("x.safetensors")}).code, 2);
        QCOMPARE(run({"--audio", path("images.txt"), "--out", path("x.safetensors")}).code, 2);
        QCOMPARE(run({"--clip", model(), "--texts", path("texts.txt")}).code, 2);
        QCOMPARE(run({"--clip", model(), "--texts", path("texts.txt"), "--out", "x", "--batch", "0"}).code, 2);
        QCOMPARE(run({"--clip", model(), "--texts", path("texts.txt"), "--out", "x", "--device", "tpu"}).code, 2);

        QVERIFY(test::writeBytes(path("bad.txt"), "missing.png\nbroken.png\n"));
        const auto none = run({"--clip", model(), "--images", path("bad.txt"), "--out", path("none.safetensors")});
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains("none of the listed files could be read"), qPrintable(none.err));
        QVERIFY(!QFile::exists(path("none.safetensors")));

        const auto noModel = run({"--clip", path("nowhere"), "--texts", path("texts.txt"), "--out", path("y.safetensors")});
        QCOMPARE(noModel.code, 1);
        QVERIFY2(noModel.err.contains(path("nowhere")), qPrintable(noModel.err));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestEmbedCommand)
#include "tst_EmbedCommand.moc"
