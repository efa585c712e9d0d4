// DemoWorldBuilder on tiny sources the test generates (tones by the ffmpeg CLI, one-colour
// pictures): deterministic for a seed, ground-truth visible frames that match what the decoded
// frames show, resume that skips finished videos, splits disjoint by recording (or sharing them: split_by
// "clip"), captions.
#include "TestSupport.h"
#include "TinyDemoSources.h"
#include "base/Error.h"
#include "data/JsonlManifest.h"
#include "demo/DemoWorldBuilder.h"
#include "media/AudioDecoder.h"
#include "media/ImageFile.h"
#include "media/VideoFrameReader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <filesystem>
#include <map>
#include <set>

using namespace soundframe;
namespace fs = std::filesystem;

class TestDemoWorldBuilder : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::vector<DemoSource> m_sources;
    // Picture colour of each pictured class.
    const std::map<std::string, std::array<uint8_t, 3>>& m_colours = test::tinyDemoColours();

    QString path(const QString& name) const { return m_dir.filePath(name); }

    DemoWorldParams smallParams() const
    {
        DemoWorldParams p;
        p.seed = 11;
        p.clipsTrain = 8;
        p.clipsVal = 3;
        p.clipsTest = 3;
        p.clipSeconds = 4.0;
        p.frameSize = 96;
        p.sceneImages = 24;
        p.splitBy = DemoSplitBy::Recording;  // the checks below hold for this world; clipSplitSharesEveryRecording has the other
        return p;
    }

    // Does `frame` show `colour`? A picture covers well over 1.5% of the screen.
    static bool shows(const RgbImage& frame, const std::array<uint8_t, 3>& colour)
    {
        int hits = 0;
        const size_t n = size_t(frame.width) * frame.height;
        for (size_t i = 0; i < n; ++i) {
            bool match = true;
            for (int c = 0; c < 3; ++c) {
                const int v = frame.pixels[i * 3 + c];
                match &= colour[size_t(c)] ? v > 150 : v < 90;
            }
            hits += match;
        }
        return hits > int(n * 0.015);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Sources are named relative to the temporary folder: the world's draws follow the sources'
        // names, and a random folder name would give each run another world (the statistical checks
        // below then fail now and then; they hold for this fixed world).
        QVERIFY(QDir::setCurrent(m_dir.path()));
        // Tones of 0.8, 1.5 and 2.2 s at 22.05 kHz, named by file name alone.
        m_sources = test::writeTinyDemoSources(m_dir.path().toStdString(), 22050, 0.7);
        QCOMPARE(m_sources.size(), size_t(4));
        for (DemoSource& s : m_sources) {
            for (fs::path& recording : s.recordings)
                recording = recording.filename();
            for (fs::path& picture : s.pictures)
                picture = picture.filename();
        }
    }

    void sameSeedSameWorldOtherSeedAnother()
    {
        const auto a = DemoWorldBuilder(DemoSourceCatalog(m_sources), smallParams()).build(path("a").toStdString());
        DemoWorldParams oneThread = smallParams();  // the world must not depend on the thread count
        oneThread.threads = 1;
        const auto b = DemoWorldBuilder(DemoSourceCatalog(m_sources), oneThread).build(path("b").toStdString());
        QCOMPARE(a.videosWritten, 14);
        QCOMPARE(a.videoCodec, std::string("h264"));
        for (const char* file : {"manifest-train.jsonl", "manifest-val.jsonl", "manifest-test.jsonl",
                                 "image-captions.jsonl"}) {
            const QByteArray text = test::readBytes(path("a/") + file);
            QVERIFY2(!text.isEmpty(), file);
            QCOMPARE(text, test::readBytes(path("b/") + file));
        }
        // Identical audio, decoded, in every clip.
        const auto clips = JsonlManifest::read(path("a/manifest-train.jsonl").toStdString()).clips;
        QCOMPARE(int(clips.size()), 8);
        for (const auto& clip : clips) {
            const fs::path other = fs::path(path("b").toStdString()) / "videos" / fs::path(clip.mediaPath).filename();
            const auto x = decodeAudio(clip.mediaPath).samples;
            const auto y = decodeAudio(other).samples;
            QVERIFY(x.size() >= 64000);
            QVERIFY2(x == y, clip.id.c_str());
        }

        DemoWorldParams otherSeed = smallParams();
        otherSeed.seed = 12;
        DemoWorldBuilder(DemoSourceCatalog(m_sources), otherSeed).build(path("c").toStdString());
        QVERIFY(test::readBytes(path("a/manifest-train.jsonl")) != test::readBytes(path("c/manifest-train.jsonl")));
    }

    void visibleFramesMatchWhatFramesShow()
    {
        const auto summary
            = DemoWorldBuilder(DemoSourceCatalog(m_sources), smallParams()).build(path("a").toStdString());
        QCOMPARE(summary.videosSkipped, 14);
        int visibleEvents = 0, hiddenEvents = 0, framesChecked = 0;
        for (const char* split : {"train", "val", "test"}) {
            const auto clips
                = JsonlManifest::read(path("a/manifest-%1.jsonl").arg(split).toStdString()).clips;
            for (const auto& clip : clips) {
                VideoFrameReader reader(clip.mediaPath);
                const auto frames = reader.framesAt({0.5, 1.5, 2.5, 3.5});
                std::map<std::string, std::set<int>> expected;
                for (const auto& event : clip.events) {
                    if (!m_colours.count(event.label)) {
                        QVERIFY2(event.visibleFrames.empty(), "a class without pictures is never on screen");
                        continue;
                    }
                    expected[event.label].insert(event.visibleFrames.begin(), event.visibleFrames.end());
                    (event.visibleFrames.empty() ? hiddenEvents : visibleEvents)++;
                }
                // A class heard in the clip is on screen exactly on its listed frames (distractor
                // pictures only show classes not heard in the clip).
                for (const auto& [label, frameSet] : expected)
                    for (int l = 0; l < 4; ++l) {
                        ++framesChecked;
                        const bool seen = shows(frames[size_t(l)], m_colours.at(label));
                        QVERIFY2(seen == bool(frameSet.count(l)),
                                 qPrintable(QString("%1 frame %2: %3 %4 on screen")
                                                .arg(QString::fromStdString(clip.id))
                                                .arg(l)
                                                .arg(QString::fromStdString(label))
                                                .arg(seen ? "is" : "is not")));
                    }
            }
        }
        // Not trivially true: both visible and off-screen events occur.
        QVERIFY2(visibleEvents > 3 && hiddenEvents > 0 && framesChecked > 40,
                 qPrintable(QString("%1 visible, %2 hidden").arg(visibleEvents).arg(hiddenEvents)));
    }

    void manifestsHoldTimelinesAndCaptions()
    {
        int multiEvent = 0;
        for (const char* split : {"train", "val", "test"}) {
            const auto contents = JsonlManifest::read(path("a/manifest-%1.jsonl").arg(split).toStdString());
            QVERIFY(contents.skipped.empty());
            for (const auto& clip : contents.clips) {
                QCOMPARE(clip.split, std::string(split));
                QCOMPARE(clip.end, 4.0);
                QVERIFY(clip.captions.size() >= 3 && clip.captions.size() <= 5);
                QVERIFY(!clip.events.empty() && clip.events.size() <= 4);
                multiEvent += clip.events.size() > 1;
                std::vector<std::string> labels;
                double previousStart = 0;
                for (const auto& event : clip.events) {
                    QVERIFY(event.start >= previousStart && event.start >= 0 && event.end > event.start
                            && event.end <= 4.0);
                    previousStart = event.start;
                    if (std::find(labels.begin(), labels.end(), event.label) == labels.end())
                        labels.push_back(event.label);
                }
                QCOMPARE(clip.labels, labels);
                // Each caption names what is heard, through a phrase or the class name.
                for (const auto& caption : clip.captions) {
                    bool names = false;
                    for (const auto& label : labels)
                        names |= caption.find(label) != std::string::npos;
                    QVERIFY2(names, caption.c_str());
                }
            }
        }
        QVERIFY(multiEvent > 2);
        // Picture captions (2-4 each), then scenes (3 each) that show exactly what their captions name.
        const auto lines = test::readBytes(path("a/image-captions.jsonl")).split('\n');
        int pictures = 0, scenes = 0, emptyScenes = 0;
        for (const auto& line : lines) {
            if (line.isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            const QString file = o["path"].toString();
            const int n = o["captions"].toArray().size();
            if (!file.startsWith("scenes/")) {
                // Readers (the stand-in's trainer) resolve a relative path against the world folder.
                QVERIFY2(QFile::exists(QDir(path("a")).filePath(file)), qPrintable(file));
                QVERIFY(m_colours.count(o["label"].toString().toStdString()));
                QVERIFY(n >= 2 && n <= 4);
                ++pictures;
                continue;
            }
            ++scenes;
            QCOMPARE(n, 3);
            const RgbImage scene = readImageFile((path("a/") + file).toStdString());
            QCOMPARE(scene.width, 96);
            const QString first = o["captions"].toArray()[0].toString();
            emptyScenes += first == "an empty scene";
            for (const auto& [name, colour] : m_colours) {
                const bool named = first.contains(QString::fromStdString(name));
                QVERIFY2(shows(scene, colour) == named, qPrintable(file + ": " + first));
            }
        }
        QVERIFY(pictures >= 1 && pictures <= 3);
        QCOMPARE(scenes, 24);
        QVERIFY(emptyScenes < 8);
    }

    // Sources unpacked into the world folder (as gcompris' bundles are) do not tie the world to
    // that folder: the same seed in another folder gives the same world.
    void sameWorldInAnotherFolder()
    {
        std::vector<DemoSource> inA = m_sources, inB = m_sources;
        for (auto* sources : {&inA, &inB}) {
            // Relative to the working folder (the temporary one), as `demo --out demo-out` names them.
            const QString folder = sources == &inA ? "moved-a/sources" : "moved-b/sources";
            QVERIFY(QDir().mkpath(folder));
            for (auto& source : *sources) {
                for (auto* files : {&source.recordings, &source.pictures})
                    for (auto& file : *files) {
                        const fs::path copy = fs::path(folder.toStdString()) / file.filename();
                        fs::copy_file(file, copy, fs::copy_options::overwrite_existing);
                        file = copy;
                    }
            }
        }
        DemoWorldParams params = smallParams();
        params.clipsTrain = 2;
        params.clipsVal = params.clipsTest = 1;
        params.sceneImages = 2;
        DemoWorldBuilder(DemoSourceCatalog(inA), params).build("moved-a");
        DemoWorldBuilder(DemoSourceCatalog(inB), params).build("moved-b");
        const auto fingerprint = [&](const QString& dir) {
            return QJsonDocument::fromJson(test::readBytes(path(dir + "/world.json"))).object()["fingerprint"].toString();
        };
        QVERIFY(!fingerprint("moved-a").isEmpty());
        QCOMPARE(fingerprint("moved-a"), fingerprint("moved-b"));
        QCOMPARE(test::readBytes(path("moved-a/manifest-train.jsonl")).count("\"events\""),
                 test::readBytes(path("moved-b/manifest-train.jsonl")).count("\"events\""));
        QCOMPARE(test::readBytes(path("moved-a/image-captions.jsonl")), test::readBytes(path("moved-b/image-captions.jsonl")));
        // The pictures are named by their place in the world, so the pairs resolve from any working
        // folder (a world in a relative folder once named them from the builder's).
        QVERIFY(test::readBytes(path("moved-a/image-captions.jsonl")).contains("\"path\":\"sources/"));
        QVERIFY(QDir::setCurrent(QDir::rootPath()));
        const bool resolve = DemoWorldBuilder::pairsResolve(path("moved-a").toStdString());
        QVERIFY(QDir::setCurrent(m_dir.path()));
        QVERIFY(resolve);
        // A pairs file naming a missing image is not a finished world.
        QFile pairs(path("moved-b/image-captions.jsonl"));
        QVERIFY(pairs.open(QIODevice::Append));
        pairs.write("{\"path\":\"sources/gone.png\",\"captions\":[\"gone\"]}\n");
        pairs.close();
        QVERIFY(!DemoWorldBuilder::pairsResolve(path("moved-b").toStdString()));
    }

    void splitsAreDisjointByRecording()
    {
        const QJsonObject world = QJsonDocument::fromJson(test::readBytes(path("a/world.json"))).object();
        std::map<QString, QString> splitOf;
        std::map<QString, std::set<QString>> classesIn;
        for (const auto& c : world["classes"].toArray()) {
            const QJsonObject recordings = c.toObject()["recordings"].toObject();
            for (const QString split : {"train", "val", "test"})
                for (const auto& r : recordings[split].toArray()) {
                    QVERIFY2(!splitOf.count(r.toString()), qPrintable(r.toString() + " in two splits"));
                    splitOf[r.toString()] = split;
                    classesIn[split].insert(c.toObject()["name"].toString());
                }
        }
        QCOMPARE(int(splitOf.size()), 12);  // every recording in exactly one split
        QCOMPARE(world["classes_shared_train_test"].toInt(), 4);
        for (const QString split : {"train", "val", "test"}) {
            const auto clips = JsonlManifest::read(path("a/manifest-%1.jsonl").arg(split).toStdString()).clips;
            for (const auto& clip : clips)
                for (const auto& label : clip.labels)
                    QVERIFY(classesIn[split].count(QString::fromStdString(label)));
        }
    }

    void clipSplitSharesEveryRecording()
    {
        DemoWorldParams params = smallParams();
        params.splitBy = DemoSplitBy::Clip;
        DemoWorldBuilder(DemoSourceCatalog(m_sources), params).build(path("shared").toStdString());
        const QJsonObject world = QJsonDocument::fromJson(test::readBytes(path("shared/world.json"))).object();
        QCOMPARE(world["params"].toObject()["split_by"].toString(), QString("clip"));
        int recordings = 0;
        for (const auto& c : world["classes"].toArray()) {
            const QJsonObject bySplit = c.toObject()["recordings"].toObject();
            QCOMPARE(bySplit["val"].toArray(), bySplit["train"].toArray());
            QCOMPARE(bySplit["test"].toArray(), bySplit["train"].toArray());
            recordings += int(bySplit["train"].toArray().size());
        }
        QCOMPARE(recordings, 12);  // every recording, in every split
        QCOMPARE(world["classes_shared_train_test"].toInt(), 4);
        // Another world than the one split by recording: its clips draw from all twelve.
        QVERIFY(test::readBytes(path("shared/manifest-test.jsonl")) != test::readBytes(path("a/manifest-test.jsonl")));
    }

    void resumeSkipsFinishedVideos()
    {
        const fs::path folder = path("a").toStdString();
        const fs::path gone = folder / "videos" / "val-00001.mp4";
        const QByteArray before = test::readBytes(QString::fromStdString(gone.string()));
        const auto keptTime = fs::last_write_time(folder / "videos" / "train-00000.mp4");
        fs::remove(gone);
        const auto summary = DemoWorldBuilder(DemoSourceCatalog(m_sources), smallParams()).build(folder);
        QCOMPARE(summary.videosWritten, 1);
        QCOMPARE(summary.videosSkipped, 13);
        QCOMPARE(test::readBytes(QString::fromStdString(gone.string())), before);  // the same bytes again
        QVERIFY(fs::last_write_time(folder / "videos" / "train-00000.mp4") == keptTime);

        // Other params: the old videos belong to another world and are rebuilt.
        DemoWorldParams other = smallParams();
        other.clipsTrain = 2;
        other.clipsVal = 1;
        other.clipsTest = 1;
        other.noiseRmsMax = 0.01;
        const auto rebuilt = DemoWorldBuilder(DemoSourceCatalog(m_sources), other).build(folder);
        QCOMPARE(rebuilt.videosWritten, 4);
        QCOMPARE(rebuilt.videosSkipped, 0);
        QCOMPARE(int(std::distance(fs::directory_iterator(folder / "videos"), fs::directory_iterator())), 4);
    }

    void unusableSourcesAreReported()
    {
        std::vector<DemoSource> sources = m_sources;
        sources[0].recordings.push_back(path("missing.wav").toStdString());
        sources[1].pictures.push_back(path("missing.png").toStdString());
        DemoWorldParams p = smallParams();
        p.clipsTrain = 1;
        p.clipsVal = p.clipsTest = 0;
        const auto summary = DemoWorldBuilder(DemoSourceCatalog(sources), p).build(path("d").toStdString());
        QCOMPARE(int(summary.skipped.size()), 2);
        QCOMPARE(summary.recordingsUsed, 12);

        try {
            DemoWorldBuilder(DemoSourceCatalog(std::vector<DemoSource>{}), p).build(path("e").toStdString());
            QFAIL("a world without sources was built");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("no usable recording"), e.what());
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoWorldBuilder)
#include "tst_DemoWorldBuilder.moc"
