// `soundframe-cli probe`: JSON that parses and agrees with ffprobe, help, usage and failures.
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "CliTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;

class TestProbeCommand : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    static test::CliRun run(const QStringList& args) { return test::runCliInProcess(QStringList{"probe"} + args); }

private Q_SLOTS:
    void printsJsonAgreeingWithFfprobe()
    {
        const QString file = m_dir.filePath("clip.mkv");
        QVERIFY(test::makeMedia({"testsrc2=size=96x64:rate=25:duration=2", "sine=sample_rate=22050:duration=2"}, file,
                                {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "flac"}));
        const auto r = run({file});
        QCOMPARE(r.code, 0);
        QJsonParseError error{};
        const auto root = QJsonDocument::fromJson(r.outBytes, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const auto tool = test::runTool(SOUNDFRAME_FFPROBE, {"-v", "error", "-print_format", "json", "-show_format",
                                                  "-show_streams", file});
        const auto expected = QJsonDocument::fromJson(tool.stdoutBytes).object();
        QCOMPARE(root["format"].toString(), expected["format"].toObject()["format_name"].toString());
        QVERIFY(std::abs(root["duration"].toDouble()
                         - expected["format"].toObject()["duration"].toString().toDouble()) < 1e-3);
        const auto streams = root["streams"].toArray();
        QCOMPARE(streams.size(), 2);
        QCOMPARE(streams[0].toObject()["codec"].toString(), QString("h264"));
        QCOMPARE(streams[0].toObject()["width"].toInt(), 96);
        QCOMPARE(streams[1].toObject()["codec"].toString(), QString("flac"));
        QCOMPARE(streams[1].toObject()["sample_rate"].toInt(), 22050);
    }
    void helpExitsZero()
    {
        const auto r = run({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("soundframe-cli probe FILE"));
        QVERIFY(r.out.contains("--threads"));
    }
    void badArgumentsAreUsageErrors()
    {
        QCOMPARE(run({}).code, 2);
        QCOMPARE(run({"a.mp4", "b.mp4"}).code, 2);
        QCOMPARE(run({"--bogus", "a.mp4"}).code, 2);
        QCOMPARE(run({"--threads", "x", "a.mp4"}).code, 2);
    }
    void missingFileFailsNamingIt()
    {
        const QString file = m_dir.filePath("nothing-here.mp4");
        const auto r = run({file});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(file), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestProbeCommand)
#include "tst_ProbeCommand.moc"
