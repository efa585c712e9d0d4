// JsonlManifest: exact round trip through the writer, Python's json as an independent reader
// and writer, relative paths, and one skip record per malformed line.
#include "ManifestTestSupport.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "data/JsonlManifest.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>
#include <limits>

using namespace soundframe;
using test::describe;
using test::hasSkip;

namespace {

bool sameEvents(const std::vector<SoundEvent>& a, const std::vector<SoundEvent>& b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].label != b[i].label || a[i].start != b[i].start || a[i].end != b[i].end
            || a[i].visibleFrames != b[i].visibleFrames)
            return false;
    return true;
}

// Exact equality, doubles compared bit for bit in value.
bool sameClip(const ClipRecord& a, const ClipRecord& b)
{
    return a.id == b.id && a.mediaPath == b.mediaPath && a.start == b.start && a.end == b.end
        && a.captions == b.captions && a.labels == b.labels && a.split == b.split && a.fold == b.fold && sameEvents(a.events, b.events);
}

} // namespace

class TestJsonlManifest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string clean(const QString& name) const { return QDir::cleanPath(path(name)).toStdString(); }


    std::vector<ClipRecord> sampleClips()
    {
        std::vector<ClipRecord> clips(4);
        clips[0].id = "cow-001";
        clips[0].mediaPath = clean("world/media/cow 001.mp4");
        clips[0].start = 0.0;
        clips[0].end = 10.0;
        clips[0].captions = {"a cow moos", "mooing, then \"silence\""};
        clips[0].labels = {"cow"};
        clips[0].split = "train";
        clips[0].events = {{"cow", 1.0 / 3.0, 2.75, {0, 1, 2}}, {"bird", 0.1, 0.30000000000000004, {}}};
        clips[1].id = "\xE9\x9B\xA8 \"rain\"";  // unicode and quotes in the id
        clips[1].mediaPath = "/elsewhere/outside the folder/rain's.flac";
        clips[1].start = 12345.678901234567;
        clips[1].end = 12355.678901234567;
        clips[1].captions = {"line\nbreak, tab\t, backslash \\ and \xF0\x9F\x98\x80"};
        clips[2].id = "whole";
        clips[2].mediaPath = clean("world/whole.wav");
        clips[2].start = 1e-9;
        clips[2].end = -1.0;
        clips[2].split = "test";
        clips[2].fold = 4;
        clips[3].id = "nested";
        clips[3].mediaPath = clean("world/a/b/c.ogg");
        clips[3].labels = {"x", "y"};
        clips[3].start = 0.0;
        clips[3].end = 1e300;
        return clips;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* name : {"world/media/cow 001.mp4", "world/whole.wav", "world/a/b/c.ogg", "world/sub/x.wav",
                                 "other/y.wav"})
            QVERIFY(test::writeBytes(path(name), {}));
    }

    void roundTripIsExact()
    {
        const auto clips = sampleClips();
        const std::string file = path("world/manifest.jsonl").toStdString();
        JsonlManifest::write(file, clips);
        JsonlOptions options;
        options.checkMediaExists = false;  // clip 1 lives nowhere
        const auto back = JsonlManifest::read(file, options);
        QVERIFY2(back.skipped.empty(), qPrintable(describe(back)));
        QCOMPARE(back.clips.size(), clips.size());
        for (size_t i = 0; i < clips.size(); ++i)
            QVERIFY2(sameClip(back.clips[i], clips[i]), clips[i].id.c_str());

        // Paths inside the manifest's folder are written relative to it, others as they are.
        QFile f(QString::fromStdString(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto lines = f.readAll().split('\n');
        QCOMPARE(lines.size(), 5);  // four lines and the final line end
        QCOMPARE(QJsonDocument::fromJson(lines[0]).object()["path"].toString(), QString("media/cow 001.mp4"));
        QCOMPARE(QJsonDocument::fromJson(lines[1]).object()["path"].toString(),
                 QString("/elsewhere/outside the folder/rain's.flac"));
        QCOMPARE(QJsonDocument::fromJson(lines[3]).object()["path"].toString(), QString("a/b/c.ogg"));
        QVERIFY(lines[0].startsWith("{\"id\":\"cow-001\",\"path\":"));  // documented key order
        QVERIFY(!lines[0].contains("\"fold\""));                     // written only when the clip has one
        QCOMPARE(QJsonDocument::fromJson(lines[2]).object()["fold"].toInt(), 4);

        // Moving the whole folder keeps the manifest valid.
        QVERIFY(QDir().rename(path("world"), path("moved")));
        const auto moved = JsonlManifest::read(path("moved/manifest.jsonl").toStdString(), options);
        QCOMPARE(moved.clips[0].mediaPath, clean("moved/media/cow 001.mp4"));
        QVERIFY(QDir().rename(path("moved"), path("world")));

        // Absolute paths are kept as they are when asked.
        JsonlWriteOptions absolute;
        absolute.relativePaths = false;
        JsonlManifest::write(file, clips, absolute);
        f.close();
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(f.readAll().split('\n')[0]).object()["path"].toString(),
                 QString::fromStdString(clips[0].mediaPath));
        const auto again = JsonlManifest::read(file, options);
        for (size_t i = 0; i < clips.size(); ++i)
            QVERIFY2(sameClip(again.clips[i], clips[i]), clips[i].id.c_str());
    }

    void pythonReadsWhatWeWrite()
    {
        const auto clips = sampleClips();
        const QString file = path("world/for_python.jsonl");
        JsonlManifest::write(file.toStdString(), clips);
        const auto r = test::runPythonScript("jsonl_reference.py", {"read", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto objects = QJsonDocument::fromJson(r.stdoutBytes).array();
        QCOMPARE(objects.size(), int(clips.size()));
        for (int i = 0; i < objects.size(); ++i) {
            const auto o = objects[i].toObject();
            const auto& c = clips[size_t(i)];
            QCOMPARE(o["id"].toString().toStdString(), c.id);
            QCOMPARE(o["start"].toDouble(), c.start);  // exact: shortest round-trip digits
            QCOMPARE(o["end"].toDouble(), c.end);
            QCOMPARE(o["split"].toString().toStdString(), c.split);
            QCOMPARE(o["captions"].toArray().size(), int(c.captions.size()));
            for (int k = 0; k < int(c.captions.size()); ++k)
                QCOMPARE(o["captions"].toArray()[k].toString().toStdString(), c.captions[size_t(k)]);
            QCOMPARE(o["events"].toArray().size(), int(c.events.size()));
        }
        const auto e = objects[0].toObject()["events"].toArray()[0].toObject();
        QCOMPARE(e["start"].toDouble(), 1.0 / 3.0);
        QCOMPARE(e["visible_frames"].toArray(), (QJsonArray{0, 1, 2}));
    }

    void weReadWhatPythonWrites()
    {
        const QString file = path("world/from_python.jsonl");
        const auto r = test::runPythonScript("jsonl_reference.py", {"write", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto expected = QJsonDocument::fromJson(r.stdoutBytes).array();
        QVERIFY(test::writeBytes(path("world/media/dog 1.wav"), {}));
        QVERIFY(test::writeBytes(path(QString::fromUtf8("world/\xE9\x9B\xA8.ogg")), {}));
        JsonlOptions options;
        options.checkMediaExists = false;
        const auto c = JsonlManifest::read(file.toStdString(), options);
        QVERIFY2(c.skipped.empty(), qPrintable(describe(c)));
        QCOMPARE(c.clips.size(), size_t(expected.size()));
        const auto dog = expected[0].toObject();
        QCOMPARE(c.clips[0].id, std::string("dog-1"));
        QCOMPARE(c.clips[0].mediaPath, clean("world/media/dog 1.wav"));
        QCOMPARE(c.clips[0].start, 2.0);
        QCOMPARE(c.clips[0].end, 12.0);
        QCOMPARE(QString::fromStdString(c.clips[0].captions[1]), dog["captions"].toArray()[1].toString());
        QCOMPARE(c.clips[0].events.size(), size_t(1));
        QCOMPARE(c.clips[0].events[0].end, 4.25);
        QCOMPARE(c.clips[0].events[0].visibleFrames, (std::vector<int>{0, 3}));
        QCOMPARE(QString::fromStdString(c.clips[1].id), expected[1].toObject()["id"].toString());
        QCOMPARE(c.clips[1].mediaPath, std::string("/abs/rain.flac"));
        QCOMPARE(c.clips[1].end, 0.30000000000000004);
        QCOMPARE(QString::fromStdString(c.clips[1].captions[0]), expected[1].toObject()["captions"].toArray()[0].toString());
        // Defaults for absent keys, and "sub/../" resolved.
        QCOMPARE(c.clips[2].id, std::string("\xE9\x9B\xA8"));
        QCOMPARE(c.clips[2].mediaPath, clean(QString::fromUtf8("world/\xE9\x9B\xA8.ogg")));
        QCOMPARE(c.clips[2].start, 0.0);
        QCOMPARE(c.clips[2].end, -1.0);
        QVERIFY(c.clips[2].captions.empty() && c.clips[2].labels.empty() && c.clips[2].events.empty());
        // Media checks on: all three exist except /abs/rain.flac.
        const auto checked = JsonlManifest::read(file.toStdString());
        QCOMPARE(checked.clips.size(), size_t(2));
        QVERIFY2(hasSkip(checked, file.toStdString() + ":4", "media file not found: /abs/rain.flac"),
                 qPrintable(describe(checked)));
    }

    void everyMalformedLineIsSkippedWithItsReason()
    {
        const QByteArray text =
            "{\"id\":\"ok\",\"path\":\"sub/x.wav\",\"captions\":[\"fine\"],\"extra\":{\"nested\":1}}\n"  // 1
            "\n"                                                                                    // 2 blank
            "{\"id\":\"broken\",\"path\":\"sub/x.wav\"\n"                                           // 3
            "[1,2,3]\n"                                                                             // 4
            "{\"id\":\"s\",\"path\":\"sub/x.wav\",\"start\":\"zero\"}\n"                            // 5
            "{\"id\":\"e\",\"path\":\"sub/x.wav\",\"start\":5,\"end\":5}\n"                         // 6
            "{\"id\":\"ev\",\"path\":\"sub/x.wav\",\"events\":[{\"label\":\"a\",\"start\":2,\"end\":1}]}\n"  // 7
            "{\"id\":\"c\",\"path\":\"sub/x.wav\",\"captions\":\"not a list\"}\n"                   // 8
            "{\"id\":\"u\",\"path\":\"sub/x.wav\",\"captions\":[\"caf\xE9\"]}\n"                    // 9
            "{\"id\":\"ok\",\"path\":\"sub/x.wav\"}\n"                                              // 10
            "{\"id\":\"nopath\"}\n"                                                                 // 11
            "{\"id\":\"gone\",\"path\":\"sub/missing.wav\"}\n"                                      // 12
            "{\"id\":\"neg\",\"path\":\"sub/x.wav\",\"start\":-1}\n"                                // 13
            "{\"id\":\"nocap\",\"path\":\"../other/y.wav\"}\n"                                      // 14
            "{\"id\":\"lab\",\"path\":\"sub/x.wav\",\"labels\":[1]}\n"                              // 15
            "   \t \r\n"                                                                            // 16 blank
            "{\"id\":\"last\",\"path\":\"sub/x.wav\",\"captions\":[\"yes\"]}\n"                    // 17
            "{\"id\":\"f\",\"path\":\"sub/x.wav\",\"fold\":1.5}";                                  // 18
        QVERIFY(test::writeBytes(path("world/bad.jsonl"), text));
        const std::string file = path("world/bad.jsonl").toStdString();
        const auto c = JsonlManifest::read(file);
        QCOMPARE(c.clips.size(), size_t(3));
        QCOMPARE(c.clips[0].mediaPath, clean("world/sub/x.wav"));
        QCOMPARE(c.clips[1].id, std::string("nocap"));
        QCOMPARE(c.clips[1].mediaPath, clean("other/y.wav"));
        QCOMPARE(c.clips[2].id, std::string("last"));
        QVERIFY2(hasSkip(c, file + ":3", "invalid JSON"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":4", "not a JSON object"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":5", "\"start\" is not a number"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":6", "end 5 <= start 5"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":7", "event 1: end 1 <= start 2"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":8", "\"captions\" is not a list"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":9", "invalid UTF-8 at byte"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":10", "duplicate id \"ok\" (first on line 1)"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":11", "no \"path\""), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":12", "media file not found"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":13", "negative start"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":15", "\"labels\" holds something other than text"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":18", "\"fold\" is not a whole number"), qPrintable(describe(c)));
        QCOMPARE(c.skipped.size(), size_t(13));

        JsonlOptions strict;
        strict.requireCaptions = true;
        const auto s = JsonlManifest::read(file, strict);
        QCOMPARE(s.clips.size(), size_t(2));
        QVERIFY2(hasSkip(s, file + ":14", "no caption"), qPrintable(describe(s)));
    }

    void writerRefusesBadTextAndKeepsTheOldFile()
    {
        const std::string file = path("world/keep.jsonl").toStdString();
        JsonlManifest::write(file, sampleClips());
        QFile f(QString::fromStdString(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();

        auto clips = sampleClips();
        clips[2].captions = {"caf\xE9"};
        try {
            JsonlManifest::write(file, clips);
            QFAIL("no error for a Latin-1 caption");
        } catch (const Error& e) {
            QCOMPARE(e.where(), file);
            QVERIFY2(e.reason().find("clip \"whole\": a caption is not valid UTF-8") != std::string::npos, e.what());
        }
        clips = sampleClips();
        clips[1].mediaPath = "/data/m\xE9dia/rain.flac";  // a Latin-1 folder name
        try {
            JsonlManifest::write(file, clips);
            QFAIL("no error for a Latin-1 path");
        } catch (const Error& e) {
            QVERIFY2(e.reason().find("the media path is not valid UTF-8") != std::string::npos, e.what());
        }
        clips = sampleClips();
        clips[3].start = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(Error, JsonlManifest::write(file, clips));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
        QCOMPARE(QDir(path("world")).entryList(QStringList{".keep.jsonl.tmp*"}, QDir::Hidden | QDir::Files).size(), 0);
    }

    void unreadableFileThrows()
    {
        QVERIFY_THROWS_EXCEPTION(Error, JsonlManifest::read(path("nope.jsonl").toStdString()));
        QVERIFY_THROWS_EXCEPTION(Error, JsonlManifest::read(path("world").toStdString()));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestJsonlManifest)
#include "tst_JsonlManifest.moc"
