// VideoFrameReader against the ffmpeg CLI: the same frame as `ffmpeg -ss T -i FILE -frames:v 1`
// for many times, containers and codecs; one decoding pass; squares; the errors users see.
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "media/ImageResize.h"
#include "media/VideoFrameReader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <cstdlib>

using namespace soundframe;

class TestVideoFrameReader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    int m_worstDifference = 0;

    static QString seconds(double t) { return QString::number(t, 'f', 6); }

    // What `ffmpeg -ss T -i FILE -frames:v 1 [-vf filter] -pix_fmt rgb24` writes (empty if nothing).
    static QByteArray cliFrame(const QString& file, double t, const QString& filter = {})
    {
        QStringList args{"-v", "error", "-ss", seconds(t), "-i", file, "-frames:v", "1"};
        if (!filter.isEmpty())
            args << "-vf" << filter;
        args << "-f" << "rawvideo" << "-pix_fmt" << "rgb24" << "-";
        return test::runTool(SOUNDFRAME_FFMPEG, args).stdoutBytes;
    }

    static int maxDifference(const RgbImage& image, const QByteArray& reference)
    {
        if (reference.size() != int(image.pixels.size()))
            return 256;
        int worst = 0;
        for (int i = 0; i < reference.size(); ++i)
            worst = std::max(worst, std::abs(int(uint8_t(reference[i])) - int(image.pixels[size_t(i)])));
        return worst;
    }

    static double meanDifference(const RgbImage& image, const QByteArray& reference)
    {
        double sum = 0;
        for (int i = 0; i < reference.size(); ++i)
            sum += std::abs(int(uint8_t(reference[i])) - int(image.pixels[size_t(i)]));
        return sum / std::max(1, int(reference.size()));
    }

    void expectError(const QString& file, const char* fragment)
    {
        try {
            VideoFrameReader reader(file.toStdString());
            reader.framesAt({0.5});
            QFAIL(qPrintable("no error for " + file));
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(file), e.what());
            QVERIFY2(QString(e.what()).contains(fragment), e.what());
        }
    }

    // Every requested frame equals the CLI's, within colour-conversion rounding.
    void compareWithCli(const QString& file, const std::vector<double>& times)
    {
        VideoFrameReader reader(file.toStdString());
        const auto frames = reader.framesAt(times);
        QCOMPARE(frames.size(), times.size());
        for (size_t i = 0; i < times.size(); ++i) {
            QCOMPARE(frames[i].width, reader.width());
            QCOMPARE(frames[i].height, reader.height());
            const QByteArray reference = cliFrame(file, times[i]);
            const int difference = maxDifference(frames[i], reference);
            m_worstDifference = std::max(m_worstDifference, difference);
            QVERIFY2(difference <= 2, qPrintable(QString("%1 at %2 s: max difference %3 (reference %4 bytes)")
                                                     .arg(file).arg(times[i]).arg(difference).arg(reference.size())));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Moving pictures whose every frame differs, so a frame off by one is caught.
        const QString src = "testsrc2=size=320x180:rate=25:duration=6";
        QVERIFY(test::makeMedia({src}, path("h264.mp4"), {"-c:v", "libx264", "-bf", "3", "-g", "48", "-pix_fmt", "yuv420p"}));
        QVERIFY(test::makeMedia({"mandelbrot=size=160x120:rate=25,trim=duration=4"}, path("mpeg4.avi"),
                                {"-c:v", "mpeg4", "-q:v", "3", "-g", "30"}));
        QVERIFY(test::makeMedia({"testsrc2=size=176x144:rate=24:duration=4"}, path("vp9.webm"),
                                {"-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-g", "40"}));
        QVERIFY(test::makeMedia({"testsrc2=size=200x112:rate=30000/1001:duration=5"}, path("ntsc.mp4"),
                                {"-c:v", "libx264", "-bf", "2", "-g", "60", "-pix_fmt", "yuv420p"}));
        // Non-zero start time (3.3 s), as in cut broadcasts and some camera files.
        QVERIFY(test::runFfmpeg({"-i", path("h264.mp4"), "-c", "copy", "-output_ts_offset", "3.3", path("offset.mkv")}));
        QVERIFY(test::runFfmpeg({"-i", path("h264.mp4"), "-c", "copy", "-output_ts_offset", "3.3", path("offset.mp4")}));
        // 10 s at 25 fps for the one-pass count; 60 s tiny for seeking across a long file.
        QVERIFY(test::makeMedia({"testsrc2=size=160x90:rate=25:duration=10"}, path("ten.mp4"),
                                {"-c:v", "libx264", "-g", "50", "-pix_fmt", "yuv420p"}));
        QVERIFY(test::makeMedia({"testsrc2=size=64x36:rate=25:duration=60"}, path("long.mp4"),
                                {"-c:v", "libx264", "-g", "50", "-pix_fmt", "yuv420p"}));
        // Audio running 1 s past the video.
        QVERIFY(test::makeMedia({"testsrc2=size=96x64:rate=25:duration=3", "sine=frequency=440:duration=4"},
                                path("shortvideo.mp4"), {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"}));
        QVERIFY(test::makeMedia({"sine=frequency=440:duration=2"}, path("audio.m4a"), {"-c:a", "aac"}));
    }

    void h264WithBFramesMatchesCli()
    {
        // Exact frame times, between frames, around keyframes (0, 1.92, 3.84 s), near the end.
        compareWithCli(path("h264.mp4"), {0.0, 0.02, 0.04, 0.5, 1.0, 1.9, 1.92, 1.93, 2.5, 3.3333, 3.84, 3.85,
                                          4.99, 5.9, 5.96});
    }
    void mpeg4InAviMatchesCli() { compareWithCli(path("mpeg4.avi"), {0.0, 0.3, 1.18, 1.2, 1.21, 2.5, 3.9}); }
    void vp9InWebmMatchesCli() { compareWithCli(path("vp9.webm"), {0.0, 0.4, 1.6667, 1.7, 2.9, 3.95}); }
    void ntscFrameRateMatchesCli()
    {
        compareWithCli(path("ntsc.mp4"), {0.0, 0.0333, 0.0334, 1.0, 1.001, 2.002, 2.5, 4.9});
    }
    void nonZeroStartTimeMatchesCli()
    {
        // Times count from the file's start (3.3 s), as ffmpeg -ss does.
        compareWithCli(path("offset.mkv"), {0.0, 0.5, 1.93, 4.0, 5.95});
        compareWithCli(path("offset.mp4"), {0.0, 0.5, 1.93, 4.0, 5.95});
        VideoFrameReader reader(path("offset.mkv").toStdString());
        QCOMPARE(reader.framesAt({0.04})[0].pixels, VideoFrameReader(path("h264.mp4").toStdString()).framesAt({0.04})[0].pixels);
    }
    void mpegTsGivesTheSameFramesAsMp4()
    {
        // MPEG-TS has no index (seeking searches timestamps) and starts at 1.4 s. The ffmpeg CLI
        // misses frames after seeking in small TS files, so the reference is the MP4 it came from.
        QVERIFY(test::runFfmpeg({"-i", path("h264.mp4"), "-c", "copy", path("h264.ts")}));
        const std::vector<double> times{0.0, 0.5, 1.93, 3.0, 5.9};
        const auto mp4 = VideoFrameReader(path("h264.mp4").toStdString()).framesAt(times);
        const auto ts = VideoFrameReader(path("h264.ts").toStdString()).framesAt(times);
        for (size_t i = 0; i < times.size(); ++i)
            QCOMPARE(ts[i].pixels, mp4[i].pixels);
        VideoFrameReaderOptions seekSoon;
        seekSoon.reseekGapSeconds = 0.5;
        VideoFrameReader seeking(path("h264.ts").toStdString(), seekSoon);
        const auto late = seeking.framesAt({5.9, 3.0});
        QVERIFY(seeking.seeks() >= 1);
        QCOMPARE(late[0].pixels, mp4[4].pixels);
        QCOMPARE(late[1].pixels, mp4[3].pixels);
    }

    void reportWorstDifference()
    {
        qInfo("largest per-channel difference from the ffmpeg CLI over all frames: %d", m_worstDifference);
    }

    void anyOrderAndRepeatsGiveTheSameFrames()
    {
        const std::vector<double> times{4.1, 0.3, 2.2, 0.3, 5.0, 1.0};
        VideoFrameReader together(path("h264.mp4").toStdString());
        const auto frames = together.framesAt(times);
        for (size_t i = 0; i < times.size(); ++i) {
            VideoFrameReader alone(path("h264.mp4").toStdString());
            QCOMPARE(frames[i].pixels, alone.framesAt({times[i]})[0].pixels);
        }
        QVERIFY(frames[1].pixels != frames[2].pixels);
        // A second call going backwards still finds them.
        QCOMPARE(together.framesAt({0.3})[0].pixels, frames[1].pixels);
    }

    void tenFramesInOnePass()
    {
        std::vector<double> times;
        for (int i = 0; i < 10; ++i)
            times.push_back(i + 0.5);
        VideoFrameReader reader(path("ten.mp4").toStdString());
        const auto frames = reader.framesAt(times);
        QCOMPARE(frames.size(), size_t(10));
        // 250 frames in the file: one pass decodes each at most once and never seeks back.
        qInfo("10 frames: %lld decoded, %lld packets, %lld seeks", (long long)reader.decodedFrames(),
              (long long)reader.packetsRead(), (long long)reader.seeks());
        QVERIFY(reader.decodedFrames() <= 250);
        QVERIFY(reader.decodedFrames() >= 238);  // it did reach 9.5 s
        QVERIFY(reader.packetsRead() <= 250);
        QCOMPARE(reader.seeks(), int64_t(0));
        // The counters are honest: going backwards, one call each, seeks every time; reaching
        // 9.5 s without seeking decodes everything before it, with a seek only its 2 s GOP.
        VideoFrameReader backwards(path("ten.mp4").toStdString());
        for (int i = 9; i >= 0; --i)
            backwards.framesAt({times[size_t(i)]});
        QVERIFY(backwards.seeks() >= 9);
        VideoFrameReaderOptions noSeeking;
        noSeeking.reseekGapSeconds = 100;
        VideoFrameReader forward(path("ten.mp4").toStdString(), noSeeking);
        QCOMPARE(forward.framesAt({9.5})[0].pixels, frames[9].pixels);
        QVERIFY(forward.decodedFrames() >= 238);
        VideoFrameReader seeking(path("ten.mp4").toStdString());
        QCOMPARE(seeking.framesAt({9.5})[0].pixels, frames[9].pixels);
        QVERIFY(seeking.decodedFrames() <= 60);
    }

    void farApartTimesSeekInsteadOfDecodingEverything()
    {
        VideoFrameReader reader(path("long.mp4").toStdString());
        const std::vector<double> times{1.0, 30.5, 58.0};
        const auto frames = reader.framesAt(times);
        qInfo("3 frames over 60 s: %lld decoded, %lld seeks", (long long)reader.decodedFrames(), (long long)reader.seeks());
        QVERIFY(reader.seeks() >= 2);
        QVERIFY(reader.decodedFrames() < 300);  // of 1500
        for (size_t i = 0; i < times.size(); ++i)
            QVERIFY(maxDifference(frames[i], cliFrame(path("long.mp4"), times[i])) <= 2);
    }

    void squaresMatchFfmpegScaleAndCrop()
    {
        VideoFrameReader reader(path("h264.mp4").toStdString());
        const std::vector<double> times{0.5, 2.0, 4.44};
        const auto frames = reader.framesAt(times, 64);
        int w = 0, h = 0;
        shorterSideSize(320, 180, 64, w, h);
        QCOMPARE(w, 113);
        int worst = 0, worstRgb = 0;
        double mean = 0;
        const QString scaleCrop = QString("scale=%1:%2:flags=bicubic,crop=64:64").arg(w).arg(h);
        for (size_t i = 0; i < times.size(); ++i) {
            QCOMPARE(frames[i].width, 64);
            QCOMPARE(frames[i].height, 64);
            // Same order of operations as ours (to RGB, then scale): the same pixels.
            worstRgb = std::max(worstRgb, maxDifference(frames[i], cliFrame(path("h264.mp4"), times[i],
                                                                           "format=rgb24," + scaleCrop)));
            // The CLI's default order scales the YUV planes, then converts: close, not equal.
            const auto reference = cliFrame(path("h264.mp4"), times[i], scaleCrop);
            worst = std::max(worst, maxDifference(frames[i], reference));
            mean += meanDifference(frames[i], reference) / times.size();
        }
        qInfo("64x64 squares vs ffmpeg format=rgb24,scale,crop: max difference %d; vs scale,crop on YUV: "
              "max %d, mean %.3f", worstRgb, worst, mean);
        QVERIFY2(worstRgb <= 2, qPrintable(QString::number(worstRgb)));
        QVERIFY2(mean < 1.5, qPrintable(QString::number(mean)));
        QVERIFY2(worst <= 48, qPrintable(QString::number(worst)));
    }

    void propertiesOfTheStream()
    {
        VideoFrameReader reader(path("ntsc.mp4").toStdString());
        QCOMPARE(reader.width(), 200);
        QCOMPARE(reader.height(), 112);
        QVERIFY(std::abs(reader.frameRate() - 30000.0 / 1001) < 1e-6);
        QVERIFY(std::abs(reader.durationSeconds() - 5.0) < 0.05);
    }

    void rotatedVideoIsShownUpright()
    {
        QVERIFY(test::runFfmpeg({"-i", path("ntsc.mp4"), "-c", "copy", "-metadata:s:v:0", "rotate=90", path("rotated.mp4")}));
        VideoFrameReader reader(path("rotated.mp4").toStdString());
        QCOMPARE(reader.width(), 112);
        QCOMPARE(reader.height(), 200);
        const auto frames = reader.framesAt({1.0});
        QVERIFY(maxDifference(frames[0], cliFrame(path("rotated.mp4"), 1.0)) <= 2);
    }

    void timesAfterTheLastFrameGiveTheLastFrame()
    {
        // Video ends at 2.96 s (last frame), the file at 4 s (audio). The CLI writes nothing there.
        VideoFrameReader reader(path("shortvideo.mp4").toStdString());
        const auto last = reader.framesAt({2.96})[0];
        QVERIFY(maxDifference(last, cliFrame(path("shortvideo.mp4"), 2.96)) <= 2);
        QVERIFY(cliFrame(path("shortvideo.mp4"), 3.5).isEmpty());
        const auto late = reader.framesAt({2.97, 3.5, 3.9, 1.0});
        QCOMPARE(late[0].pixels, last.pixels);
        QCOMPARE(late[1].pixels, last.pixels);
        QCOMPARE(late[2].pixels, last.pixels);
        QVERIFY(late[3].pixels != last.pixels);
    }

    void timesOutsideTheFileAreErrors()
    {
        VideoFrameReader reader(path("h264.mp4").toStdString());
        QVERIFY_THROWS_EXCEPTION(Error, reader.framesAt({6.0}));
        QVERIFY_THROWS_EXCEPTION(Error, reader.framesAt({1.0, 7.5}));
        QVERIFY_THROWS_EXCEPTION(Error, reader.framesAt({-0.1}));
        QVERIFY_THROWS_EXCEPTION(Error, reader.framesAt({std::nan("")}));
        QCOMPARE(reader.framesAt({}).size(), size_t(0));
    }

    void unreadableFilesNameTheFile()
    {
        expectError(path("missing.mp4"), "not found");
        QVERIFY(test::writeBytes(path("empty.mp4"), {}));
        expectError(path("empty.mp4"), "empty");
        QFile whole(path("h264.mp4"));
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QByteArray bytes = whole.readAll();
        QVERIFY(test::writeBytes(path("cut.mp4"), bytes.left(bytes.size() / 2)));  // index at the end: lost
        expectError(path("cut.mp4"), "");
        QVERIFY(test::writeBytes(path("noise.mp4"), QByteArray(4000, 'x')));
        expectError(path("noise.mp4"), "");
        expectError(path("audio.m4a"), "no video stream");
    }

    void truncatedFastStartFileIsAnError()
    {
        // Index at the front, pictures cut off: the late frames are missing.
        QVERIFY(test::runFfmpeg({"-i", path("ten.mp4"), "-c", "copy", "-movflags", "+faststart", path("fast.mp4")}));
        QFile whole(path("fast.mp4"));
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QByteArray bytes = whole.readAll();
        QVERIFY(test::writeBytes(path("fastcut.mp4"), bytes.left(bytes.size() / 3)));
        VideoFrameReader reader(path("fastcut.mp4").toStdString());
        QVERIFY(!reader.framesAt({0.5})[0].empty());
        try {
            reader.framesAt({9.5});
            QFAIL("no error for a truncated file");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(path("fastcut.mp4")), e.what());
            QVERIFY2(QString(e.what()).contains("truncated"), e.what());
        }
    }

    void moreDecoderThreadsGiveTheSameFrames()
    {
        VideoFrameReaderOptions options;
        options.decoderThreads = 2;
        VideoFrameReader threaded(path("h264.mp4").toStdString(), options);
        VideoFrameReader single(path("h264.mp4").toStdString());
        const std::vector<double> times{0.1, 1.5, 3.0, 5.5};
        const auto a = threaded.framesAt(times);
        const auto b = single.framesAt(times);
        for (size_t i = 0; i < times.size(); ++i)
            QCOMPARE(a[i].pixels, b[i].pixels);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestVideoFrameReader)
#include "tst_VideoFrameReader.moc"
