// probeMedia against ffprobe's JSON, and mediaInfoToJson's shape.
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "media/MediaProbe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;

class TestMediaProbe : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    static double rational(const QString& text)
    {
        const auto parts = text.split('/');
        return parts.size() == 2 && parts[1].toDouble() != 0 ? parts[0].toDouble() / parts[1].toDouble() : 0.0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(test::makeMedia({"testsrc2=size=320x240:rate=30000/1001:duration=3",
                                 "sine=frequency=300:sample_rate=44100:duration=3.5"},
                                path("av.mp4"), {"-ac", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"}));
        QVERIFY(test::makeMedia({"testsrc2=size=160x120:rate=25:duration=2"}, path("v.avi"), {"-c:v", "mpeg4"}));
        QVERIFY(test::makeMedia({"testsrc2=size=128x96:rate=24:duration=2", "sine=sample_rate=48000:duration=2"},
                                path("av.webm"), {"-c:v", "libvpx", "-c:a", "libopus"}));
        QVERIFY(test::makeTone(path("a.wav"), 440, 1.25, 16000));
    }

    void agreesWithFfprobe_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("h264+aac mp4") << "av.mp4";
        QTest::newRow("mpeg4 avi") << "v.avi";
        QTest::newRow("vp8+opus webm") << "av.webm";
        QTest::newRow("wav") << "a.wav";
    }
    void agreesWithFfprobe()
    {
        QFETCH(QString, name);
        const auto r = test::runTool(SOUNDFRAME_FFPROBE, {"-v", "error", "-print_format", "json", "-show_format",
                                                          "-show_streams", path(name)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto expected = QJsonDocument::fromJson(r.stdoutBytes).object();
        const MediaInfo info = probeMedia(path(name).toStdString());
        const auto format = expected["format"].toObject();
        QCOMPARE(QString::fromStdString(info.format), format["format_name"].toString());
        QVERIFY(std::abs(info.durationSeconds - format["duration"].toString().toDouble()) < 1e-3);
        const auto streams = expected["streams"].toArray();
        QCOMPARE(int(info.streams.size()), streams.size());
        for (int i = 0; i < streams.size(); ++i) {
            const auto want = streams[i].toObject();
            const StreamInfo& got = info.streams[size_t(i)];
            QCOMPARE(got.index, want["index"].toInt());
            QCOMPARE(QString::fromStdString(got.type), want["codec_type"].toString());
            QCOMPARE(QString::fromStdString(got.codec), want["codec_name"].toString());
            if (want.contains("duration"))
                QVERIFY(std::abs(got.durationSeconds - want["duration"].toString().toDouble()) < 1e-3);
            else
                QVERIFY(got.durationSeconds < 0);
            if (got.type == "video") {
                QCOMPARE(got.width, want["width"].toInt());
                QCOMPARE(got.height, want["height"].toInt());
                QVERIFY(std::abs(got.frameRate - rational(want["avg_frame_rate"].toString())) < 1e-6);
            } else if (got.type == "audio") {
                QCOMPARE(got.sampleRate, want["sample_rate"].toString().toInt());
                QCOMPARE(got.channels, want["channels"].toInt());
            }
        }
    }

    void jsonCarriesTheFields()
    {
        const MediaInfo info = probeMedia(path("av.mp4").toStdString());
        QJsonParseError error{};
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(mediaInfoToJson(info)), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const auto root = doc.object();
        QCOMPARE(root["path"].toString(), path("av.mp4"));
        QCOMPARE(root["format"].toString(), QString("mov,mp4,m4a,3gp,3g2,mj2"));
        QVERIFY(std::abs(root["duration"].toDouble() - info.durationSeconds) < 1e-9);
        const auto streams = root["streams"].toArray();
        QCOMPARE(streams.size(), 2);
        const auto video = streams[0].toObject();
        QCOMPARE(video["type"].toString(), QString("video"));
        QCOMPARE(video["codec"].toString(), QString("h264"));
        QCOMPARE(video["width"].toInt(), 320);
        QCOMPARE(video["height"].toInt(), 240);
        QVERIFY(std::abs(video["frame_rate"].toDouble() - 30000.0 / 1001) < 1e-6);
        QVERIFY(!video.contains("sample_rate"));
        const auto audio = streams[1].toObject();
        QCOMPARE(audio["type"].toString(), QString("audio"));
        QCOMPARE(audio["sample_rate"].toInt(), 44100);
        QCOMPARE(audio["channels"].toInt(), 2);
        QVERIFY(!audio.contains("width"));
    }

    void unknownDurationIsNull()
    {
        MediaInfo info;
        info.path = "x";
        info.streams.push_back(StreamInfo{});
        const auto root = QJsonDocument::fromJson(QByteArray::fromStdString(mediaInfoToJson(info))).object();
        QVERIFY(root["duration"].isNull());
        QVERIFY(root["streams"].toArray()[0].toObject()["duration"].isNull());
    }

    void unreadableFilesNameTheFile()
    {
        QVERIFY(test::writeBytes(path("empty.mkv"), {}));
        QVERIFY(test::writeBytes(path("junk.mkv"), QByteArray(3000, '\x01')));
        for (const QString& file : {path("missing.mp4"), path("empty.mkv"), path("junk.mkv")}) {
            try {
                probeMedia(file.toStdString());
                QFAIL(qPrintable("no error for " + file));
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains(file), e.what());
            }
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestMediaProbe)
#include "tst_MediaProbe.moc"
