// ClothoManifest: whole-file clips with their captions, odd file names found exactly, split
// from the CSV name, and one skip record per malformed line.
#include "ManifestTestSupport.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "data/ClothoManifest.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using test::describe;
using test::hasSkip;

class TestClothoManifest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string clean(const QString& name) const { return QDir::cleanPath(path(name)).toStdString(); }


    const QByteArray m_header = "file_name,caption_1,caption_2,caption_3,caption_4,caption_5\n";

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* name : {"audio/Santa Motor.wav", "audio/a \"quoted\" name.wav", "audio/rain, heavy.wav",
                                 "audio/\xC3\xBCn\xC3\xAF\x63\xC3\xB6\x64\xC3\xA9 \xE9\x9B\xA8.wav",
                                 "audio/deeper/nested.wav", "audio/ leading space.wav"})
            QVERIFY(test::writeBytes(path(QString::fromUtf8(name)), {}));
    }

    void readsWholeFileClipsWithOddNames()
    {
        const QByteArray csv = m_header
            + "Santa Motor.wav,A machine whines and squeals,Motor noise,A loud engine,An engine,Machine sounds\n"
            + "\"a \"\"quoted\"\" name.wav\",one,two,three,four,five\n"
            + "\"rain, heavy.wav\",\"Rain falls, heavily\",,\"\",rain,\n"
            + "\xC3\xBCn\xC3\xAF\x63\xC3\xB6\x64\xC3\xA9 \xE9\x9B\xA8.wav,\xE9\x9B\xA8 falls,b,c,d,e\n"
            + "nested.wav,found in a sub-folder,b,c,d,e\n"
            + " leading space.wav,  padded caption  ,b,c,d,e\n";
        QVERIFY(test::writeBytes(path("clotho_captions_evaluation.csv"), csv));
        ClothoOptions options;
        options.audioFolder = path("audio").toStdString();
        const auto c = ClothoManifest::read(path("clotho_captions_evaluation.csv").toStdString(), options);
        QVERIFY2(c.skipped.empty(), qPrintable(describe(c)));
        QCOMPARE(c.clips.size(), size_t(6));
        const auto& santa = c.clips[0];
        QCOMPARE(santa.id, std::string("Santa Motor.wav"));
        QCOMPARE(santa.mediaPath, clean("audio/Santa Motor.wav"));
        QCOMPARE(santa.start, 0.0);
        QCOMPARE(santa.end, -1.0);
        QCOMPARE(santa.split, std::string("test"));
        QCOMPARE(santa.captions.size(), size_t(5));
        QCOMPARE(santa.captions[4], std::string("Machine sounds"));
        QCOMPARE(c.clips[1].id, std::string("a \"quoted\" name.wav"));
        QCOMPARE(c.clips[1].mediaPath, clean("audio/a \"quoted\" name.wav"));
        QCOMPARE(c.clips[2].captions, (std::vector<std::string>{"Rain falls, heavily", "rain"}));
        QCOMPARE(c.clips[3].mediaPath, QDir::cleanPath(path(QString::fromUtf8("audio/\xC3\xBCn\xC3\xAF\x63\xC3\xB6\x64\xC3\xA9 \xE9\x9B\xA8.wav"))).toStdString());
        QCOMPARE(c.clips[3].captions[0], std::string("\xE9\x9B\xA8 falls"));
        QCOMPARE(c.clips[4].mediaPath, clean("audio/deeper/nested.wav"));
        QCOMPARE(c.clips[5].id, std::string(" leading space.wav"));  // file names are not trimmed
        QCOMPARE(c.clips[5].captions[0], std::string("padded caption"));  // captions are
    }

    void splitFromTheFileNameUnlessGiven()
    {
        QCOMPARE(ClothoManifest::splitFromName("clotho_captions_development.csv"), std::string("train"));
        QCOMPARE(ClothoManifest::splitFromName("clotho_captions_validation.csv"), std::string("val"));
        QCOMPARE(ClothoManifest::splitFromName("clotho_captions_evaluation.csv"), std::string("test"));
        QCOMPARE(ClothoManifest::splitFromName("mine.csv"), std::string());
        QVERIFY(test::writeBytes(path("clotho_captions_development.csv"), m_header + "Santa Motor.wav,a,b,c,d,e\n"));
        ClothoOptions options;
        options.audioFolder = path("audio").toStdString();
        QCOMPARE(ClothoManifest::read(path("clotho_captions_development.csv").toStdString(), options).clips[0].split,
                 std::string("train"));
        options.split = "val";
        QCOMPARE(ClothoManifest::read(path("clotho_captions_development.csv").toStdString(), options).clips[0].split,
                 std::string("val"));
    }

    void everyMalformedLineIsSkippedWithItsReason()
    {
        const QByteArray csv = m_header
            + "Santa Motor.wav,a,b,c,d,e\n"          // 2 good
            + "Santa Motor.wav,again,b,c,d,e\n"      // 3 duplicate
            + "nested.wav,a,b,c\n"                   // 4 wrong count
            + "nested.wav,,,, ,\n"                   // 5 no caption
            + "missing.wav,a,b,c,d,e\n"              // 6 no audio
            + ",a,b,c,d,e\n"                         // 7 empty file name
            + "nested.wav,\xFF,b,c,d,e\n"            // 8 not UTF-8
            + "\"nested.wav\"x,a,b,c,d,e\n"          // 9 junk after a quote
            + "nested.wav,fine,b,c,d,e";             // 10 good, no final line end
        QVERIFY(test::writeBytes(path("bad.csv"), csv));
        ClothoOptions options;
        options.audioFolder = path("audio").toStdString();
        const std::string file = path("bad.csv").toStdString();
        const auto c = ClothoManifest::read(file, options);
        QCOMPARE(c.clips.size(), size_t(2));
        QCOMPARE(c.clips[1].id, std::string("nested.wav"));
        QVERIFY2(hasSkip(c, file + ":3", "duplicate file_name \"Santa Motor.wav\" (first on line 2)"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":4", "expected 6 fields, found 4"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":5", "no caption"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":6", "no audio file \"missing.wav\" in " + clean("audio")), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":7", "empty file_name"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":8", "invalid UTF-8"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":9", "after a closing quote"), qPrintable(describe(c)));
        QCOMPARE(c.skipped.size(), size_t(7));
    }

    void wholeFileProblemsThrow()
    {
        ClothoOptions options;
        options.audioFolder = path("audio").toStdString();
        QVERIFY(test::writeBytes(path("nocaptions.csv"), "file_name,sound_id\nx.wav,1\n"));
        try {
            ClothoManifest::read(path("nocaptions.csv").toStdString(), options);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(e.reason().find("no column \"caption_1\"") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, ClothoManifest::read(path("absent.csv").toStdString(), options));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestClothoManifest)
#include "tst_ClothoManifest.moc"
