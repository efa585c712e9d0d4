// writeWav: read back by the ffmpeg CLI and by decodeAudio, atomic replacement, errors.
#include "TestSupport.h"
#include "base/Error.h"
#include "media/AudioDecoder.h"
#include "media/WavWriter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>
#include <cstring>

using namespace soundframe;

class TestWavWriter : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    // The file as the ffmpeg CLI reads it: rate, channels and codec from ffprobe, samples as f32.
    static QString probe(const QString& file)
    {
        const auto r = test::runTool(SOUNDFRAME_FFPROBE, {"-v", "error", "-show_entries",
                                                          "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", file});
        return QString::fromUtf8(r.stdoutBytes).trimmed();
    }
    static std::vector<float> cliSamples(const QString& file)
    {
        const auto r = test::runTool(SOUNDFRAME_FFMPEG, {"-v", "error", "-i", file, "-f", "f32le", "-"});
        std::vector<float> out(size_t(r.stdoutBytes.size()) / 4);
        if (!out.empty())  // memcpy from/to null is undefined even for 0 bytes (UBSan)
            std::memcpy(out.data(), r.stdoutBytes.constData(), out.size() * 4);
        return out;
    }

    static std::vector<float> signal()
    {
        std::vector<float> x(12345);
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = float(0.7 * std::sin(0.01 * double(i)) + 1e-3 * std::cos(1.7 * double(i)));
        x[10] = 1.0f;
        x[11] = -1.0f;
        x[12] = 3.5e-7f;
        return x;
    }

private Q_SLOTS:
    void floatRoundTripsBitForBit()
    {
        const auto x = signal();
        writeWav(path("f.wav").toStdString(), x, 22050);
        QCOMPARE(probe(path("f.wav")), QString("pcm_f32le,22050,1"));
        QCOMPARE(cliSamples(path("f.wav")), x);
        QCOMPARE(decodeAudio(path("f.wav").toStdString(), {22050}).samples, x);
    }

    void pcm16RoundsToTheSampleGridAndClips()
    {
        auto x = signal();
        x[20] = 1.5f;    // clipped to 32767
        x[21] = -2.0f;   // clipped to -32768
        writeWav(path("s16.wav").toStdString(), x, 8000, WavSampleFormat::Pcm16);
        QCOMPARE(probe(path("s16.wav")), QString("pcm_s16le,8000,1"));
        const auto back = cliSamples(path("s16.wav"));
        QCOMPARE(back.size(), x.size());
        for (size_t i = 0; i < x.size(); ++i) {
            const double expected = std::clamp(std::lrint(double(x[i]) * 32768.0), -32768L, 32767L) / 32768.0;
            QCOMPARE(double(back[i]), expected);
        }
        QCOMPARE(double(back[20]), 32767 / 32768.0);
        QCOMPARE(double(back[21]), -1.0);
        QVERIFY(std::abs(back[100] - x[100]) <= 0.5 / 32768);
        // Samples already on the grid come back exactly.
        const std::vector<float> grid(back.begin(), back.end());
        writeWav(path("s16b.wav").toStdString(), grid, 8000, WavSampleFormat::Pcm16);
        QCOMPARE(cliSamples(path("s16b.wav")), grid);
    }

    void emptySignalIsAValidFile()
    {
        writeWav(path("empty.wav").toStdString(), {}, 16000);
        QCOMPARE(probe(path("empty.wav")), QString("pcm_f32le,16000,1"));
        QVERIFY(cliSamples(path("empty.wav")).empty());
    }

    void replacesAtomicallyAndLeavesNoTemporaries()
    {
        const auto target = path("atomic/out.wav");
        QVERIFY(QDir().mkpath(path("atomic")));
        writeWav(target.toStdString(), std::vector<float>(100, 0.25f), 16000);
        writeWav(target.toStdString(), std::vector<float>(50, -0.5f), 16000);
        QCOMPARE(cliSamples(target), std::vector<float>(50, -0.5f));
        QCOMPARE(QDir(path("atomic")).entryList(QDir::Files | QDir::Hidden), QStringList{"out.wav"});
    }

    void errorsNameTheFile()
    {
        // A folder that cannot be written (chmod is no barrier for root, so a missing one too).
        const auto missing = path("no/such/folder/x.wav").toStdString();
        try {
            writeWav(missing, {0.f}, 16000);
            QFAIL("no error for a missing folder");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
        }
        QVERIFY(QDir().mkpath(path("readonly")));
        QFile::setPermissions(path("readonly"), QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        if (!QFileInfo(path("readonly")).isWritable())
            QVERIFY_THROWS_EXCEPTION(Error, writeWav(path("readonly/x.wav").toStdString(), {0.f}, 16000));
        // A target that is a folder: the rename fails and no temporary is left behind.
        QVERIFY(QDir().mkpath(path("isdir.wav/inner")));
        QVERIFY_THROWS_EXCEPTION(Error, writeWav(path("isdir.wav").toStdString(), {0.f}, 16000));
        QVERIFY(QDir(m_dir.path()).entryList(QStringList{".isdir.wav.tmp*"}, QDir::Files | QDir::Hidden).isEmpty());

        QVERIFY_THROWS_EXCEPTION(Error, writeWav(path("rate.wav").toStdString(), {0.f}, 0));
        QVERIFY_THROWS_EXCEPTION(Error, writeWav(path("nan.wav").toStdString(), {std::nanf("")}, 16000,
                                                 WavSampleFormat::Pcm16));
        QVERIFY(!QFile::exists(path("nan.wav")));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestWavWriter)
#include "tst_WavWriter.moc"
