// AudioSetManifest: the real segment-CSV layout (comment header, ", " separators, quoted label
// lists), labels named from class_labels_indices.csv, windows, and malformed lines.
#include "ManifestTestSupport.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "data/AudioSetManifest.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using test::describe;
using test::hasSkip;

class TestAudioSetManifest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string clean(const QString& name) const { return QDir::cleanPath(path(name)).toStdString(); }


    const QByteArray m_comments = "# Segments csv created Sun Mar  5 10:54:25 2017\n"
                                  "# num_ytids=20371, num_segs=20371, num_unique_labels=527, num_positive_labels=51804\n"
                                  "# YTID, start_seconds, end_seconds, positive_labels\n";

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* name : {"media/--PJHxphWEs.wav", "media/Y--ZhevVpy1s.mp4", "media/sub/--aE2O5G5WE_0.000_10.000.flac",
                                 "media/-0SdAVK79lg_30000_40000.mkv"})
            QVERIFY(test::writeBytes(path(name), {}));
        QVERIFY(test::writeBytes(path("class_labels_indices.csv"),
                                 "index,mid,display_name\n"
                                 "0,/m/09x0r,\"Speech\"\n"
                                 "1,/m/05zppz,\"Male speech, man speaking\"\n"
                                 "2,/t/dd00088,\"Gush\"\n"
                                 "3,/m/0bad\n"));  // line 5: malformed
    }

    void readsTheRealLayout()
    {
        const QByteArray csv = m_comments
            + "--PJHxphWEs, 30.000, 40.000, \"/m/09x0r,/t/dd00088\"\n"
            + "--ZhevVpy1s, 50.000, 60.000, \"/m/05zppz,/m/012f08\"\n"
            + "--aE2O5G5WE, 0.000, 10.000, \"/m/03fwl,/m/04rlf,/m/09x0r\"\n"
            + "-0SdAVK79lg, 30.000, 37.500, \"/m/0bt9lr\"\n";
        QVERIFY(test::writeBytes(path("eval_segments.csv"), csv));
        AudioSetOptions options;
        options.mediaFolder = path("media").toStdString();
        options.classLabels = path("class_labels_indices.csv").toStdString();
        const auto c = AudioSetManifest::read(path("eval_segments.csv").toStdString(), options);
        QCOMPARE(c.clips.size(), size_t(4));
        // The only skip is the class list's malformed line, named by file and line.
        QCOMPARE(c.skipped.size(), size_t(1));
        QVERIFY2(hasSkip(c, path("class_labels_indices.csv").toStdString() + ":5", "expected 3 fields, found 2"),
                 qPrintable(describe(c)));
        QCOMPARE(c.clips[0].id, std::string("--PJHxphWEs_30"));
        QCOMPARE(c.clips[0].labels, (std::vector<std::string>{"Speech", "Gush"}));
        QCOMPARE(c.clips[0].mediaPath, clean("media/--PJHxphWEs.wav"));
        QCOMPARE(c.clips[0].start, 0.0);
        QCOMPARE(c.clips[0].end, 10.0);
        QCOMPARE(c.clips[0].split, std::string("test"));
        QVERIFY(c.clips[0].captions.empty());
        QCOMPARE(c.clips[1].labels, (std::vector<std::string>{"Male speech, man speaking", "/m/012f08"}));  // unknown id kept
        QCOMPARE(c.clips[1].mediaPath, clean("media/Y--ZhevVpy1s.mp4"));
        QCOMPARE(c.clips[2].mediaPath, clean("media/sub/--aE2O5G5WE_0.000_10.000.flac"));
        QCOMPARE(c.clips[3].mediaPath, clean("media/-0SdAVK79lg_30000_40000.mkv"));
        QCOMPARE(c.clips[3].end, 7.5);  // a segment shorter than 10 s keeps its length
    }

    void withoutClassListLabelsStayIdsAndFullVideosKeepTheirTimes()
    {
        QVERIFY(test::writeBytes(path("balanced_train_segments.csv"),
                                 m_comments + "--PJHxphWEs, 30.000, 40.000, \"/m/09x0r,/t/dd00088\"\n"
                                            + "-0SdAVK79lg, 30.000, 40.000, \"/m/0bt9lr\"\n"));
        AudioSetOptions options;
        options.mediaFolder = path("media").toStdString();
        options.mediaIsPreCut = false;
        const auto c = AudioSetManifest::read(path("balanced_train_segments.csv").toStdString(), options);
        QCOMPARE(c.clips.size(), size_t(2));
        QCOMPARE(c.clips[0].labels, (std::vector<std::string>{"/m/09x0r", "/t/dd00088"}));
        QCOMPARE(c.clips[0].start, 30.0);
        QCOMPARE(c.clips[0].end, 40.0);
        QCOMPARE(c.clips[0].split, std::string("train"));
        QCOMPARE(c.clips[1].start, 0.0);  // named with its start: the segment itself
        QCOMPARE(c.clips[1].end, 10.0);
    }

    void uncommentedHeaderIsAccepted()
    {
        QVERIFY(test::writeBytes(path("plain.csv"), "YTID,start_seconds,end_seconds,positive_labels\n"
                                                    "--PJHxphWEs,30,40,/m/09x0r\n"));
        AudioSetOptions options;
        options.mediaFolder = path("media").toStdString();
        const auto c = AudioSetManifest::read(path("plain.csv").toStdString(), options);
        QVERIFY2(c.skipped.empty(), qPrintable(describe(c)));
        QCOMPARE(c.clips.size(), size_t(1));
        QCOMPARE(c.clips[0].labels, (std::vector<std::string>{"/m/09x0r"}));
    }

    void everyMalformedLineIsSkippedWithItsReason()
    {
        const QByteArray csv = m_comments
            + "--PJHxphWEs, 30.000, 40.000, \"/m/09x0r\"\n"        // 4 good
            + "--ZhevVpy1s, 50.000, 60.000\n"                       // 5 three fields
            + "--ZhevVpy1s, fifty, 60.000, \"/m/09x0r\"\n"          // 6
            + "--ZhevVpy1s, 50.000, 6O.000, \"/m/09x0r\"\n"         // 7 letter O
            + "--ZhevVpy1s, 50.000, 50.000, \"/m/09x0r\"\n"         // 8 end == start
            + "--ZhevVpy1s, 50.000, 60.000, \"\"\n"                 // 9 no label
            + "--PJHxphWEs, 30, 40, \"/m/09x0r\"\n"                 // 10 same segment again
            + "nomedia0000, 0.000, 10.000, \"/m/09x0r\"\n"          // 11
            + "# a comment in the middle\n"                         // 12
            + "--ZhevVpy1s, 50.000, 60.000, \"/m/0\xC0\"\n"         // 13 not UTF-8
            + "--ZhevVpy1s, 50.000, 60.000, \"/m/09x0r, ,/m/05zppz\"\n";  // 14 good, empty item dropped
        QVERIFY(test::writeBytes(path("bad_segments.csv"), csv));
        AudioSetOptions options;
        options.mediaFolder = path("media").toStdString();
        const std::string file = path("bad_segments.csv").toStdString();
        const auto c = AudioSetManifest::read(file, options);
        QCOMPARE(c.clips.size(), size_t(2));
        QCOMPARE(c.clips[1].labels, (std::vector<std::string>{"/m/09x0r", "/m/05zppz"}));
        QVERIFY2(hasSkip(c, file + ":5", "expected 4 fields, found 3"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":6", "start_seconds \"fifty\" is not a number"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":7", "end_seconds \"6O.000\" is not a number"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":8", "end 50 <= start 50"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":9", "no label"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":10", "duplicate segment --PJHxphWEs_30 (first on line 4)"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":11", "no media file for youtube_id nomedia0000 in " + clean("media")),
                 qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, file + ":13", "invalid UTF-8"), qPrintable(describe(c)));
        QCOMPARE(c.skipped.size(), size_t(8));
    }

    void wholeFileProblemsThrow()
    {
        AudioSetOptions options;
        options.mediaFolder = path("media").toStdString();
        options.classLabels = path("no_labels.csv").toStdString();
        QVERIFY(test::writeBytes(path("ok.csv"), m_comments));
        try {
            AudioSetManifest::read(path("ok.csv").toStdString(), options);
            QFAIL("no error for a missing class list");
        } catch (const Error& e) {
            QCOMPARE(e.where(), options.classLabels.string());
        }
        options.classLabels = path("ok.csv").toStdString();  // not a class list
        QVERIFY_THROWS_EXCEPTION(Error, AudioSetManifest::read(path("ok.csv").toStdString(), options));
        options.classLabels.clear();
        QVERIFY(AudioSetManifest::read(path("ok.csv").toStdString(), options).clips.empty());
        QVERIFY_THROWS_EXCEPTION(Error, AudioSetManifest::read(path("nothing.csv").toStdString(), options));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestAudioSetManifest)
#include "tst_AudioSetManifest.moc"
