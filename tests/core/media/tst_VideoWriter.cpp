// VideoWriter against ffprobe and the ffmpeg CLI: codecs, frame count and duration as probed,
// frames and audio decoded by ffmpeg close to what was written, atomic output, errors.
#include "TestSupport.h"
#include "base/Error.h"
#include "media/VideoWriter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>
#include <cstring>

using namespace soundframe;

class TestVideoWriter : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    // Frame k: left half one colour that changes with k, right half a fixed blue, so both
    // the frame order and the colours can be checked.
    static RgbImage frame(int k, int width, int height)
    {
        RgbImage image;
        image.width = width;
        image.height = height;
        image.pixels.resize(size_t(width) * height * 3);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                uint8_t* p = &image.pixels[(size_t(y) * width + x) * 3];
                if (x < width / 2) {
                    p[0] = uint8_t(20 + 9 * k);
                    p[1] = uint8_t(230 - 9 * k);
                    p[2] = 60;
                } else {
                    p[0] = 30;
                    p[1] = 40;
                    p[2] = 200;
                }
            }
        return image;
    }

    static std::vector<float> tone(double hz, int rate, double seconds)
    {
        std::vector<float> samples(size_t(std::lround(rate * seconds)));
        for (size_t i = 0; i < samples.size(); ++i)
            samples[i] = float(0.5 * std::sin(2 * M_PI * hz * double(i) / rate));
        return samples;
    }

    void writeClip(const QString& file, int frames = 24)
    {
        VideoWriter writer(file.toStdString(), {64, 48, 8, 16000});
        for (int k = 0; k < frames; ++k)
            writer.addFrame(frame(k, 64, 48));
        const auto audio = tone(440, 16000, 3.0);
        // In two parts: audio may arrive in pieces of any size.
        writer.addAudio(std::vector<float>(audio.begin(), audio.begin() + 12345));
        writer.addAudio(std::vector<float>(audio.begin() + 12345, audio.end()));
        writer.finish();
        QCOMPARE(writer.framesWritten(), frames);
    }

private Q_SLOTS:
    void probedCodecsFramesAndDuration()
    {
        const QString file = path("probe.mp4");
        writeClip(file);
        const auto r = test::runTool(SOUNDFRAME_FFPROBE, {"-v", "error", "-count_frames", "-show_streams",
                                                          "-show_format", "-of", "json", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const QJsonObject probe = QJsonDocument::fromJson(r.stdoutBytes).object();
        const QJsonArray streams = probe["streams"].toArray();
        QCOMPARE(streams.size(), 2);
        QJsonObject video, audio;
        for (const auto& s : streams)
            (s.toObject()["codec_type"].toString() == "video" ? video : audio) = s.toObject();
        QCOMPARE(video["codec_name"].toString(), QString::fromStdString(VideoWriter::defaultVideoCodec()));
        QCOMPARE(QString::fromStdString(VideoWriter::defaultVideoCodec()), QString("h264"));  // Debian's FFmpeg has libx264
        QCOMPARE(video["width"].toInt(), 64);
        QCOMPARE(video["height"].toInt(), 48);
        QCOMPARE(video["nb_read_frames"].toString(), QString("24"));
        QCOMPARE(video["avg_frame_rate"].toString(), QString("8/1"));
        QCOMPARE(audio["codec_name"].toString(), QString("aac"));
        QCOMPARE(audio["sample_rate"].toString(), QString("16000"));
        QCOMPARE(audio["channels"].toInt(), 1);
        const double duration = probe["format"].toObject()["duration"].toString().toDouble();
        QVERIFY2(std::abs(duration - 3.0) < 0.1, qPrintable(QString::number(duration)));
    }

    void framesReadBackCloseToWritten()
    {
        const QString file = path("frames.mp4");
        writeClip(file);
        for (int k : {0, 5, 11, 23}) {
            const auto r = test::runTool(SOUNDFRAME_FFMPEG,
                                         {"-v", "error", "-ss", QString::number(k / 8.0, 'f', 6), "-i", file,
                                          "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"});
            QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
            const RgbImage expected = frame(k, 64, 48);
            QCOMPARE(size_t(r.stdoutBytes.size()), expected.pixels.size());
            double sum = 0;
            for (size_t i = 0; i < expected.pixels.size(); ++i)
                sum += std::abs(int(uint8_t(r.stdoutBytes[int(i)])) - int(expected.pixels[i]));
            const double mean = sum / double(expected.pixels.size());
            QVERIFY2(mean < 4.0, qPrintable(QString("frame %1: mean difference %2").arg(k).arg(mean)));
        }
    }

    void audioReadBackCloseToWritten()
    {
        const QString file = path("audio.mp4");
        writeClip(file);
        const auto r = test::runTool(SOUNDFRAME_FFMPEG, {"-v", "error", "-i", file, "-vn", "-f", "f32le", "-ac", "1",
                                                         "-ar", "16000", "-"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        std::vector<float> back(size_t(r.stdoutBytes.size()) / 4);
        std::memcpy(back.data(), r.stdoutBytes.constData(), back.size() * 4);
        // AAC pads the last frame: up to 1024 samples more, as the ffmpeg CLI's own files have.
        QVERIFY2(back.size() >= 48000 && back.size() <= 48000 + 1024, qPrintable(QString::number(back.size())));
        const auto written = tone(440, 16000, 3.0);
        // Aligned by ffmpeg (encoder delay removed): the middle must match sample for sample.
        double error = 0, energy = 0;
        for (size_t i = 4000; i < 44000; ++i) {
            error += std::pow(double(back[i]) - written[i], 2);
            energy += std::pow(double(written[i]), 2);
        }
        const double snrDb = 10 * std::log10(energy / std::max(error, 1e-12));
        QVERIFY2(snrDb > 20, qPrintable(QString("SNR %1 dB").arg(snrDb)));
    }

    void sameInputGivesSameBytes()
    {
        writeClip(path("a.mp4"));
        writeClip(path("b.mp4"));
        QFile a(path("a.mp4")), b(path("b.mp4"));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());
    }

    void nothingUnderTheNameUntilFinished()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("atomic.mp4");
        {
            VideoWriter writer(file.toStdString(), {64, 48, 8, 16000});
            writer.addFrame(frame(0, 64, 48));
            QVERIFY(!QFile::exists(file));
            // Destroyed without finish(): no file, and no temporary left behind.
        }
        QVERIFY(!QFile::exists(file));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
    }

    void badInputThrowsNamingTheFile()
    {
        const QString file = path("bad.mp4");
        try {
            VideoWriter writer(file.toStdString(), {63, 48, 8, 16000});
            QFAIL("odd width accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(file) && QString(e.what()).contains("even"), e.what());
        }
        VideoWriter writer(file.toStdString(), {64, 48, 8, 16000});
        try {
            writer.addFrame(frame(0, 32, 48));
            QFAIL("wrong frame size accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("32x48"), e.what());
        }
        try {
            VideoWriter("/nonexistent-folder/x.mp4", {64, 48, 8, 16000});
            QFAIL("unwritable folder accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("/nonexistent-folder/x.mp4"), e.what());
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestVideoWriter)
#include "tst_VideoWriter.moc"
