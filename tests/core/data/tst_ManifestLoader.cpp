// loadManifest: the format is recognised from the file, options reach the format readers,
// and whole-file problems give one clear Error naming the file.
#include "TestSupport.h"
#include "base/Error.h"
#include "data/JsonlManifest.h"
#include "data/ManifestLoader.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestManifestLoader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string file(const QString& name) const { return path(name).toStdString(); }
    std::string clean(const QString& name) const { return QDir::cleanPath(path(name)).toStdString(); }

    void expectError(const QString& name, const std::string& fragment, const ManifestOptions& options = {})
    {
        try {
            loadManifest(file(name), options);
            QFAIL(qPrintable("no error for " + name));
        } catch (const Error& e) {
            QCOMPARE(e.where(), file(name));
            QVERIFY2(e.reason().find(fragment) != std::string::npos, e.what());
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* name : {"media/--0w1YA1Hm4.wav", "media/Y--PJHxphWEs_30.000_40.000.mp4",
                                 "media/Santa Motor.wav", "media/clip.wav"})
            QVERIFY(test::writeBytes(path(name), {}));
        QVERIFY(test::writeBytes(path("audiocaps.csv"), "\xEF\xBB\xBF" "audiocap_id,youtube_id,start_time,caption\n"
                                                        "1,--0w1YA1Hm4,30,a car\n2,--0w1YA1Hm4,30,traffic\n"));
        QVERIFY(test::writeBytes(path("clotho_captions_validation.csv"),
                                 "file_name,caption_1,caption_2,caption_3,caption_4,caption_5\r\n"
                                 "Santa Motor.wav,a,b,c,d,e\r\n"));
        QVERIFY(test::writeBytes(path("segments.csv"), "# Segments csv created Sun Mar  5 10:54:25 2017\n"
                                                       "# YTID, start_seconds, end_seconds, positive_labels\n"
                                                       "--PJHxphWEs, 30.000, 40.000, \"/m/09x0r,/t/dd00088\"\n"));
        QVERIFY(test::writeBytes(path("own.jsonl"), "{\"id\":\"c\",\"path\":\"media/clip.wav\",\"split\":\"train\"}\n"));
        QVERIFY(test::writeBytes(path("own_without_extension"), "\n{\"id\":\"c\",\"path\":\"media/clip.wav\"}\n"));
        QVERIFY(test::writeBytes(path("class_labels_indices.csv"), "index,mid,display_name\n0,/m/09x0r,\"Speech\"\n"));
        QVERIFY(test::writeBytes(path("esc50.csv"), "filename,fold,target,category,esc10,src_file,take\n"
                                                    "clip.wav,2,0,dog,True,100032,A\n"));
        QVERIFY(test::writeBytes(path("UrbanSound8K.csv"), "slice_file_name,fsID,start,end,salience,fold,classID,class\n"));
    }

    void detectsEachFormat()
    {
        QCOMPARE(detectManifestFormat(file("audiocaps.csv")), ManifestFormat::AudioCaps);
        QCOMPARE(detectManifestFormat(file("clotho_captions_validation.csv")), ManifestFormat::Clotho);
        QCOMPARE(detectManifestFormat(file("segments.csv")), ManifestFormat::AudioSet);
        QCOMPARE(detectManifestFormat(file("own.jsonl")), ManifestFormat::Jsonl);
        QCOMPARE(detectManifestFormat(file("own_without_extension")), ManifestFormat::Jsonl);
        QCOMPARE(detectManifestFormat(file("esc50.csv")), ManifestFormat::Esc50);
        QCOMPARE(detectManifestFormat(file("UrbanSound8K.csv")), ManifestFormat::UrbanSound8K);
    }

    void audioOnlyDatasetsSayTheyHaveNoVideo()
    {
        ManifestOptions options;
        options.mediaFolder = path("media").toStdString();
        const auto esc = loadManifest(file("esc50.csv"), options);
        QCOMPARE(esc.clips.size(), size_t(1));
        QCOMPARE(esc.clips[0].fold, 2);
        QVERIFY(esc.audioOnly);
        QVERIFY(!loadManifest(file("audiocaps.csv"), options).audioOnly);
    }

    void loadsEachFormatWithTheGivenOptions()
    {
        ManifestOptions options;
        options.mediaFolder = path("media").toStdString();
        const auto caps = loadManifest(file("audiocaps.csv"), options);
        QCOMPARE(caps.clips.size(), size_t(1));
        QCOMPARE(caps.clips[0].captions.size(), size_t(2));
        QCOMPARE(caps.clips[0].mediaPath, clean("media/--0w1YA1Hm4.wav"));

        const auto clotho = loadManifest(file("clotho_captions_validation.csv"), options);
        QCOMPARE(clotho.clips.size(), size_t(1));
        QCOMPARE(clotho.clips[0].split, std::string("val"));
        QCOMPARE(clotho.clips[0].end, -1.0);

        options.classLabels = path("class_labels_indices.csv").toStdString();
        const auto audioset = loadManifest(file("segments.csv"), options);
        QCOMPARE(audioset.clips.size(), size_t(1));
        QCOMPARE(audioset.clips[0].labels, (std::vector<std::string>{"Speech", "/t/dd00088"}));
        QCOMPARE(audioset.clips[0].mediaPath, clean("media/Y--PJHxphWEs_30.000_40.000.mp4"));

        const auto own = loadManifest(file("own.jsonl"));  // paths from the manifest's folder
        QCOMPARE(own.clips.size(), size_t(1));
        QCOMPARE(own.clips[0].mediaPath, clean("media/clip.wav"));
        QCOMPARE(own.clips[0].split, std::string("train"));

        ManifestOptions override;
        override.split = "test";
        override.mediaIsPreCut = false;
        override.clipSeconds = 4;
        override.mediaFolder = path("media").toStdString();
        QCOMPARE(loadManifest(file("own.jsonl"), override).clips[0].split, std::string("test"));
        const auto full = loadManifest(file("audiocaps.csv"), override);
        QCOMPARE(full.clips[0].start, 30.0);
        QCOMPARE(full.clips[0].end, 34.0);
        QCOMPARE(full.clips[0].split, std::string("test"));
    }

    void mediaFolderDefaultsToTheManifestsFolder()
    {
        QVERIFY(test::writeBytes(path("media/local.csv"), "audiocap_id,youtube_id,start_time,caption\n"
                                                          "1,--0w1YA1Hm4,30,a car\n"));
        QCOMPARE(loadManifest(file("media/local.csv")).clips.size(), size_t(1));
    }

    void headerNamesIgnoreCase()
    {
        QVERIFY(test::writeBytes(path("upper.csv"), "AudioCap_ID, YouTube_ID, Start_Time, Caption\n"
                                                    "1,--0w1YA1Hm4,30,a car\n"));
        ManifestOptions options;
        options.mediaFolder = path("media").toStdString();
        QCOMPARE(detectManifestFormat(file("upper.csv")), ManifestFormat::AudioCaps);
        const auto c = loadManifest(file("upper.csv"), options);
        QCOMPARE(c.clips.size(), size_t(1));
        QCOMPARE(c.clips[0].captions, (std::vector<std::string>{"a car"}));
    }

    void explicitFormatWins()
    {
        QVERIFY(test::writeBytes(path("manifest.txt"), "{\"id\":\"c\",\"path\":\"media/clip.wav\"}\n"
                                                       "not json\n"));
        ManifestOptions options;
        options.format = ManifestFormat::Jsonl;
        const auto c = loadManifest(file("manifest.txt"), options);
        QCOMPARE(c.clips.size(), size_t(1));
        QCOMPARE(c.skipped.size(), size_t(1));
        QCOMPARE(c.skipped[0].where, file("manifest.txt") + ":2");
        // Told it is AudioCaps, a Clotho file fails on its header.
        options.format = ManifestFormat::AudioCaps;
        options.mediaFolder = path("media").toStdString();
        expectError("clotho_captions_validation.csv", "no column \"audiocap_id\"", options);
    }

    void whatTheWriterWritesTheLoaderReads()
    {
        ClipRecord clip;
        clip.id = "written";
        clip.mediaPath = clean("media/clip.wav");
        clip.captions = {"a \"quoted\", comma'd caption"};
        JsonlManifest::write(file("written.jsonl"), {clip});
        const auto c = loadManifest(file("written.jsonl"));
        QCOMPARE(c.clips.size(), size_t(1));
        QCOMPARE(c.clips[0].mediaPath, clip.mediaPath);
        QCOMPARE(c.clips[0].captions, clip.captions);
    }

    void wholeFileProblemsGiveOneClearError()
    {
        expectError("absent.csv", "manifest not found");
        expectError("media", "is a folder");
        QVERIFY(test::writeBytes(path("empty.csv"), "\n\n  \n"));
        expectError("empty.csv", "empty manifest");
        QVERIFY(test::writeBytes(path("other.csv"), "name,age\nbob,3\n"));
        expectError("other.csv", "unrecognised manifest: the first line \"name,age\"");
        expectError("class_labels_indices.csv", "AudioSet class list");
        QVERIFY(test::writeBytes(path("comments.csv"), "# just a note\n1,2\n"));
        expectError("comments.csv", "unrecognised manifest");
        QVERIFY(test::writeBytes(path("binary.dat"), QByteArray("\x00\x01\xFF\xFE garbage", 12)));
        expectError("binary.dat", "unrecognised manifest");
    }

    void formatNames()
    {
        for (auto f : {ManifestFormat::Auto, ManifestFormat::Jsonl, ManifestFormat::AudioCaps, ManifestFormat::Clotho,
                       ManifestFormat::AudioSet, ManifestFormat::Esc50, ManifestFormat::UrbanSound8K})
            QCOMPARE(manifestFormatFromName(manifestFormatName(f)), f);
        QVERIFY_THROWS_EXCEPTION(Error, manifestFormatFromName("tsv"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestManifestLoader)
#include "tst_ManifestLoader.moc"
