// AudioCapsManifest: captions grouped into clips, media found under every naming variant,
// the window for pre-cut and full media, and one skip record per malformed line.
#include "ManifestTestSupport.h"
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "data/AudioCapsManifest.h"
#include "data/MediaFolderIndex.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using test::describe;
using test::hasSkip;

class TestAudioCapsManifest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string clean(const QString& name) const { return QDir::cleanPath(path(name)).toStdString(); }

    static const ClipRecord* find(const ManifestContents& c, const std::string& id)
    {
        for (const auto& clip : c.clips)
            if (clip.id == id)
                return &clip;
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // One real (tiny) file made by ffmpeg; placeholders elsewhere: the reader never decodes.
        QVERIFY(QDir().mkpath(path("media")));
        QVERIFY(test::makeTone(path("media/--0w1YA1Hm4.wav"), 440, 0.2));
        for (const char* name : {"media/Y7fmOlUlwoNg.flac", "media/sub/6BJ455B1aAs_30.000_40.000.mp4",
                                 "media/GOD8Bt5LfDE_60000_70000.mkv", "media/GOD8Bt5LfDE_100_110.webm",
                                 "media/unused_clip.wav"})
            QVERIFY(test::writeBytes(path(name), {}));
    }

    void groupsCaptionsIntoClipsAndFindsMedia()
    {
        // Rows of one clip are interleaved with others, as in the real test.csv.
        const QByteArray csv =
            "audiocap_id,youtube_id,start_time,caption\n"
            "97151,--0w1YA1Hm4,30,A vehicle driving as a man and woman are talking\n"
            "108945,7fmOlUlwoNg,20,Aircraft engine hums as a man speaks\n"
            "97152,--0w1YA1Hm4,30,\"Traffic, then a man and a woman speak\"\n"
            "97153,--0w1YA1Hm4,30,\"A man says \"\"hello\"\" over engine noise\"\n"
            "97154,--0w1YA1Hm4,30,People talk while a car passes by\n"
            "97155,--0w1YA1Hm4,30,A vehicle engine revving with speech\n"
            "108946,7fmOlUlwoNg,20,A plane engine with a man talking\n"
            "200,6BJ455B1aAs,30,Water splashes\n"
            "300,GOD8Bt5LfDE,60,Birds chirp\n"
            "301,GOD8Bt5LfDE,100,A dog barks\n";
        QVERIFY(test::writeBytes(path("test.csv"), csv));
        AudioCapsOptions options;
        options.mediaFolder = path("media").toStdString();
        const auto c = AudioCapsManifest::read(path("test.csv").toStdString(), options);
        QVERIFY2(c.skipped.empty(), qPrintable(describe(c)));
        QCOMPARE(c.clips.size(), size_t(5));
        QCOMPARE(c.clips[0].id, std::string("--0w1YA1Hm4_30"));
        QCOMPARE(c.clips[1].id, std::string("7fmOlUlwoNg_20"));
        const auto& a = c.clips[0];
        QCOMPARE(a.captions, (std::vector<std::string>{"A vehicle driving as a man and woman are talking",
                                                       "Traffic, then a man and a woman speak",
                                                       "A man says \"hello\" over engine noise",
                                                       "People talk while a car passes by",
                                                       "A vehicle engine revving with speech"}));
        QCOMPARE(a.mediaPath, clean("media/--0w1YA1Hm4.wav"));
        QCOMPARE(a.start, 0.0);
        QCOMPARE(a.end, 10.0);
        QCOMPARE(a.split, std::string("test"));
        QCOMPARE(c.clips[1].captions.size(), size_t(2));
        QCOMPARE(c.clips[1].mediaPath, clean("media/Y7fmOlUlwoNg.flac"));
        QCOMPARE(c.clips[2].mediaPath, clean("media/sub/6BJ455B1aAs_30.000_40.000.mp4"));
        // One video id, two start times: two clips, each with its own segment file.
        QCOMPARE(find(c, "GOD8Bt5LfDE_60")->mediaPath, clean("media/GOD8Bt5LfDE_60000_70000.mkv"));
        QCOMPARE(find(c, "GOD8Bt5LfDE_100")->mediaPath, clean("media/GOD8Bt5LfDE_100_110.webm"));
        QCOMPARE(find(c, "GOD8Bt5LfDE_100")->captions, (std::vector<std::string>{"A dog barks"}));
    }

    void fullVideosUseTheStartTimeUnlessTheNameSaysSegment()
    {
        QVERIFY(test::writeBytes(path("full.csv"), "audiocap_id,youtube_id,start_time,caption\n"
                                                   "1,--0w1YA1Hm4,30,a\n"
                                                   "2,GOD8Bt5LfDE,100,b\n"
                                                   "3,7fmOlUlwoNg,12.5,c\n"));
        AudioCapsOptions options;
        options.mediaFolder = path("media").toStdString();
        options.mediaIsPreCut = false;
        options.clipSeconds = 5;
        options.split = "val";
        const auto c = AudioCapsManifest::read(path("full.csv").toStdString(), options);
        QCOMPARE(c.clips.size(), size_t(3));
        QCOMPARE(c.clips[0].start, 30.0);
        QCOMPARE(c.clips[0].end, 35.0);
        QCOMPARE(c.clips[1].start, 0.0);  // GOD8Bt5LfDE_100_110.webm is the segment itself
        QCOMPARE(c.clips[1].end, 5.0);
        QCOMPARE(c.clips[2].id, std::string("7fmOlUlwoNg_12.5"));
        QCOMPARE(c.clips[2].start, 12.5);
        QCOMPARE(c.clips[2].split, std::string("val"));
    }

    void everyMalformedLineIsSkippedWithItsReason()
    {
        const QByteArray csv =
            "\xEF\xBB\xBF" "audiocap_id,youtube_id,start_time,caption\r\n"
            "1,--0w1YA1Hm4,30,good one\r\n"
            "2,--0w1YA1Hm4,30,too,many\r\n"            // line 3
            "3,--0w1YA1Hm4\r\n"                        // line 4
            "4,--0w1YA1Hm4,thirty,bad start\r\n"       // line 5
            "5,--0w1YA1Hm4,-1,negative\r\n"            // line 6
            "6,--0w1YA1Hm4,30,   \r\n"                 // line 7
            "1,--0w1YA1Hm4,30,same audiocap_id\r\n"    // line 8
            "7,--0w1YA1Hm4,30,caf\xE9 latin-1\r\n"     // line 9
            ",--0w1YA1Hm4,30,no id\r\n"                // line 10
            "8,,30,no video\r\n"                       // line 11
            "9,nomedia0000,30,nowhere\r\n"             // line 12
            "10,nomedia0000,30,still nowhere\r\n"      // line 13
            "11,--0w1YA1Hm4,30,\"multi\r\nline caption\"\r\n"  // lines 14-15
            "12,--0w1YA1Hm4,30,\"never closed\r\n";    // line 16
        QVERIFY(test::writeBytes(path("bad.csv"), csv));
        AudioCapsOptions options;
        options.mediaFolder = path("media").toStdString();
        const std::string file = path("bad.csv").toStdString();
        const auto c = AudioCapsManifest::read(file, options);
        QCOMPARE(c.clips.size(), size_t(1));
        QCOMPARE(c.clips[0].captions, (std::vector<std::string>{"good one", "multi\r\nline caption"}));
        QVERIFY2(hasSkip(c, file + ":3", "expected 4 fields, found 5"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":4", "expected 4 fields, found 2"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":5", "start_time \"thirty\" is not a number"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":6", "negative start_time -1"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":7", "empty caption"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":8", "duplicate audiocap_id 1 (first on line 2)"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":9", "invalid UTF-8 in field 4"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":10", "empty audiocap_id"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":11", "empty youtube_id"), qPrintable(describe(c)));
        const std::string noMedia = "no media file for youtube_id nomedia0000 in " + clean("media");
        QVERIFY2(hasSkip(c, file + ":12", noMedia), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":16", "unterminated quoted field"), qPrintable(describe(c)));
        QCOMPARE(c.skipped.size(), size_t(11));  // the missing clip once, not once per caption
    }

    void splitFromTheFileName()
    {
        QCOMPARE(AudioCapsManifest::splitFromName("audiocaps/train.csv"), std::string("train"));
        QCOMPARE(AudioCapsManifest::splitFromName("AudioCaps_VAL.csv"), std::string("val"));
        QCOMPARE(AudioCapsManifest::splitFromName("test.csv"), std::string("test"));
        QCOMPARE(AudioCapsManifest::splitFromName("captions.csv"), std::string());
    }

    void mediaFolderDefaultsToTheManifestsFolderAndIndexCanBeShared()
    {
        QVERIFY(test::writeBytes(path("media/here.csv"), "audiocap_id,youtube_id,start_time,caption\n"
                                                         "1,7fmOlUlwoNg,20,x\n"));
        const auto c = AudioCapsManifest::read(path("media/here.csv").toStdString());
        QCOMPARE(c.clips.size(), size_t(1));
        QCOMPARE(c.clips[0].mediaPath, clean("media/Y7fmOlUlwoNg.flac"));
        const MediaFolderIndex index(path("media").toStdString());
        const auto shared = AudioCapsManifest::read(path("media/here.csv").toStdString(), {}, index);
        QCOMPARE(shared.clips[0].mediaPath, c.clips[0].mediaPath);
    }

    void wholeFileProblemsThrow()
    {
        AudioCapsOptions options;
        options.mediaFolder = path("media").toStdString();
        QVERIFY(test::writeBytes(path("nocaption.csv"), "audiocap_id,youtube_id,start_time\n1,x,0\n"));
        try {
            AudioCapsManifest::read(path("nocaption.csv").toStdString(), options);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.where(), path("nocaption.csv").toStdString());
            QVERIFY2(e.reason().find("no column \"caption\"") != std::string::npos, e.what());
        }
        QVERIFY(test::writeBytes(path("empty.csv"), ""));
        QVERIFY_THROWS_EXCEPTION(Error, AudioCapsManifest::read(path("empty.csv").toStdString(), options));
        QVERIFY_THROWS_EXCEPTION(Error, AudioCapsManifest::read(path("missing.csv").toStdString(), options));
        options.mediaFolder = path("no media here").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, AudioCapsManifest::read(path("test.csv").toStdString(), options));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestAudioCapsManifest)
#include "tst_AudioCapsManifest.moc"
