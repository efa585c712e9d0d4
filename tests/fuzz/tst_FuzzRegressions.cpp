// Every crasher the fuzzers (fuzz/) found stays as an input under tests/data/fuzz-regressions/
// <target>/; this test feeds each through that target's entry point (which catches only
// soundframe::Error) so a regression shows up as a crash or an escaping exception here, and as a
// sanitizer report under `scripts/test --sanitize address`. Specific findings are also checked
// for the Error they must now raise.
#include "base/Error.h"
#include "media/MediaProbe.h"
#include "train/TrainConfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cstdint>
#include <sys/resource.h>

extern "C" {
int fuzz_csv_reader_one_input(const uint8_t* data, size_t size);
int fuzz_manifest_one_input(const uint8_t* data, size_t size);
int fuzz_safetensors_one_input(const uint8_t* data, size_t size);
int fuzz_tokenizer_one_input(const uint8_t* data, size_t size);
int fuzz_config_one_input(const uint8_t* data, size_t size);
int fuzz_media_probe_one_input(const uint8_t* data, size_t size);
}

using namespace soundframe;

class TestFuzzRegressions : public QObject {
    Q_OBJECT

    using Entry = int (*)(const uint8_t*, size_t);

    static QByteArray read(const QString& file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void replay_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<void*>("entry");
        const QList<QPair<QString, Entry>> targets{
            {"fuzz_csv_reader", fuzz_csv_reader_one_input},   {"fuzz_manifest", fuzz_manifest_one_input},
            {"fuzz_safetensors", fuzz_safetensors_one_input}, {"fuzz_tokenizer", fuzz_tokenizer_one_input},
            {"fuzz_config", fuzz_config_one_input},           {"fuzz_media_probe", fuzz_media_probe_one_input}};
        int rows = 0;
        for (const auto& [name, entry] : targets) {
            const QDir dir(QString(SOUNDFRAME_FUZZ_REGRESSIONS_DIR) + "/" + name);
            for (const auto& file : dir.entryList(QDir::Files, QDir::Name)) {
                QTest::newRow(qPrintable(name + "/" + file)) << dir.filePath(file) << reinterpret_cast<void*>(entry);
                ++rows;
            }
        }
        QVERIFY2(rows > 0, "no regression inputs found under " SOUNDFRAME_FUZZ_REGRESSIONS_DIR);
    }
    void replay()
    {
        QFETCH(QString, file);
        QFETCH(void*, entry);
        const auto bytes = read(file);
        try {
            reinterpret_cast<Entry>(entry)(reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size()));
        } catch (const std::exception& e) {
            QFAIL(qPrintable(file + ": an exception other than soundframe::Error escaped: " + e.what()));
        }
    }

    // fuzz_config found that {"epochs": 1e300} was converted into an int (undefined behaviour).
    void trainConfigRejectsOutOfRangeNumbers()
    {
        for (const char* json : {"{\"epochs\": 1e300}", "{\"batch_size\": 99999999999999999999}", "{\"epochs\": 2.5}",
                                 "{\"seed\": -3000000000}", "{\"epochs\": true}", "{\"mask_same_clip_negatives\": 1}"}) {
            try {
                TrainConfig::fromJson(json, "config.json");
                QFAIL(qPrintable(QString("accepted ") + json));
            } catch (const Error& e) {
                QCOMPARE(QString::fromStdString(e.where()), QString("config.json"));
                const QString what = e.what();
                QVERIFY2(what.contains("wrong type") || what.contains("out of range"), e.what());
            }
        }
        QCOMPARE(TrainConfig::fromJson("{\"epochs\": 7, \"learning_rate\": 1}", "c").epochs, 7);
    }

    // fuzz_media_probe found a 197-byte WAV (sample rate 1.9 GHz) that made FFmpeg allocate ~2 GB
    // while opening it; MediaInput now caps single FFmpeg allocations, so it fails without the 2 GB.
    void probeRefusesHugeAllocations()
    {
        QTemporaryDir dir;
        const auto bytes = read(QString(SOUNDFRAME_FUZZ_REGRESSIONS_DIR) + "/fuzz_media_probe/wav-1.9GHz-rate-allocates-2GB");
        QVERIFY(bytes.size() > 100);
        const auto file = dir.filePath("huge-rate.wav");
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes.mid(1));  // the first byte is the fuzzer's extension choice
        out.close();
        rusage before {};
        getrusage(RUSAGE_SELF, &before);
        try {
            probeMedia(file.toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("cannot open as media"), e.what());
        }
        rusage after {};
        getrusage(RUSAGE_SELF, &after);
        const long grewMb = (after.ru_maxrss - before.ru_maxrss) / 1024;  // ru_maxrss is in KiB
        QVERIFY2(grewMb < 256, qPrintable(QString("peak memory grew by %1 MB").arg(grewMb)));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_FuzzRegressions.moc"
