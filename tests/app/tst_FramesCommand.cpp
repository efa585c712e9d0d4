// `soundframe-cli frames`: PNGs equal to the frames the reader gives, names, options, failures.
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "CliTestSupport.h"
#include "cli/FramesCommand.h"
#include "media/ImageFile.h"
#include "media/VideoFrameReader.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"


using namespace soundframe;

class TestFramesCommand : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_video;
    static test::CliRun run(const QStringList& args) { return test::runCliInProcess(QStringList{"frames"} + args); }

private Q_SLOTS:
    void initTestCase()
    {
        m_video = m_dir.filePath("clip.mp4");
        QVERIFY(test::makeMedia({"testsrc2=size=160x90:rate=25:duration=4"}, m_video,
                                {"-c:v", "libx264", "-pix_fmt", "yuv420p"}));
    }

    void namesCarryIndexAndTime()
    {
        QCOMPARE(FramesCommand::fileName(0, 0.5), QString("frame_000_0.500.png"));
        QCOMPARE(FramesCommand::fileName(12, 3.25), QString("frame_012_3.250.png"));
    }

    void writesPngsThatReadBackAsTheFrames()
    {
        const QString out = m_dir.filePath("times");
        const auto r = run({m_video, "--times", "2.5,0.5,1", "--out", out});
        QCOMPARE(r.code, 0);
        const QStringList listed = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(listed, (QStringList{out + "/frame_000_2.500.png", out + "/frame_001_0.500.png",
                                      out + "/frame_002_1.000.png"}));
        VideoFrameReader reader(m_video.toStdString());
        const auto frames = reader.framesAt({2.5, 0.5, 1.0});
        for (int i = 0; i < 3; ++i) {
            const RgbImage png = readImageFile(listed[i].toStdString());
            QCOMPARE(png.width, 160);
            QCOMPARE(png.height, 90);
            QCOMPARE(png.pixels, frames[size_t(i)].pixels);
        }
    }

    void fpsWithSizeMakesSquaresOverTheRange()
    {
        const QString out = m_dir.filePath("fps");
        const auto r = run({m_video, "--fps", "2", "--start", "1", "--end", "3", "--size", "32", "--out", out});
        QCOMPARE(r.code, 0);
        const QStringList listed = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(listed.size(), 4);  // 1.0, 1.5, 2.0, 2.5
        QVERIFY(listed.last().endsWith("frame_003_2.500.png"));
        const RgbImage png = readImageFile(listed.first().toStdString());
        QCOMPARE(png.width, 32);
        QCOMPARE(png.height, 32);
        // Without --end: up to the duration (4 s at 1 fps: 0, 1, 2, 3).
        const auto whole = run({m_video, "--fps", "1", "--out", m_dir.filePath("whole")});
        QCOMPARE(whole.code, 0);
        QCOMPARE(whole.out.split('\n', Qt::SkipEmptyParts).size(), 4);
    }

    void helpExitsZero()
    {
        const auto r = run({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("--times"));
        QVERIFY(r.out.contains("--threads"));
    }

    void badArgumentsAreUsageErrors()
    {
        const QString out = m_dir.filePath("bad");
        QCOMPARE(run({}).code, 2);
        QCOMPARE(run({m_video, "--out", out}).code, 2);                                 // no times
        QCOMPARE(run({m_video, "--times", "1", "--fps", "1", "--out", out}).code, 2);   // both
        QCOMPARE(run({m_video, "--times", "1"}).code, 2);                               // no --out
        QCOMPARE(run({m_video, "--times", "1,x", "--out", out}).code, 2);
        QCOMPARE(run({m_video, "--times", "-1", "--out", out}).code, 2);
        QCOMPARE(run({m_video, "--fps", "0", "--out", out}).code, 2);
        QCOMPARE(run({m_video, "--times", "1", "--size", "-3", "--out", out}).code, 2);
        QCOMPARE(run({m_video, "--times", "1", "--start", "2", "--out", out}).code, 2);
        QCOMPARE(run({m_video, "--fps", "1", "--start", "3", "--end", "2", "--out", out}).code, 2);
        QVERIFY(!QDir(out).exists());
    }

    void failuresNameTheFile()
    {
        const QString missing = m_dir.filePath("nope.mp4");
        auto r = run({missing, "--times", "1", "--out", m_dir.filePath("x")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(missing), qPrintable(r.err));
        r = run({m_video, "--times", "9", "--out", m_dir.filePath("x")});  // past the end
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(m_video), qPrintable(r.err));
        QVERIFY(test::writeBytes(m_dir.filePath("afile"), "x"));
        r = run({m_video, "--times", "1", "--out", m_dir.filePath("afile/sub")});  // folder under a file
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("afile"), qPrintable(r.err));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestFramesCommand)
#include "tst_FramesCommand.moc"
