// DemoPipeline end to end on a tiny world from generated sources (tones by the ffmpeg CLI, one-colour
// pictures), 2 epochs per run: a cancelled run resumes where it stopped, every report file exists,
// results.json has every run, clips.txt lists exactly the test clips, Random's alignment accuracy
// matches an independent count from choices.jsonl and sits near the base rate, the search library
// indexes the sources' folder with the search model and its figures match ranks recomputed here with
// LibrarySearcher, another seed's run rebuilds the index with its own search model, a third run trains nothing, and charts are skipped with a note when no renderer is given.
// A copied demo folder whose index remembers another folder indexes its own library only.
#include "TestSupport.h"
#include "TinyDemoSources.h"
#include "base/Error.h"
#include "demo/DemoPipeline.h"
#include "demo/DemoWorldBuilder.h"
#include "media/ImageFile.h"
#include "search/LibraryIndex.h"
#include "search/LibrarySearcher.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include "ErrorExpectations.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

using namespace soundframe;
namespace fs = std::filesystem;

class TestDemoPipeline : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::vector<DemoSource> m_sources;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static std::vector<QJsonObject> jsonLines(const fs::path& file)
    {
        std::vector<QJsonObject> lines;
        for (const QByteArray& line : test::readBytes(file).split('\n'))
            if (!line.trimmed().isEmpty())
                lines.push_back(QJsonDocument::fromJson(line).object());
        return lines;
    }

    DemoPipelineParams tinyParams() const
    {
        DemoPipelineParams p;
        p.outDir = path("out").toStdString();
        p.sources = m_sources;
        p.world.seed = 5;
        p.world.clipsTrain = 48;
        p.world.clipsVal = 4;
        p.world.clipsTest = 6;
        p.world.clipSeconds = 3.0;
        p.world.frameSize = 64;
        p.standIn.imageSize = 32;
        p.standIn.patchSize = 8;
        p.standIn.width = 32;
        p.standIn.layers = 1;
        p.standIn.heads = 2;
        p.standIn.projectionDim = 32;
        p.standIn.contextLength = 16;
        p.standIn.vocabSize = 600;
        p.standIn.epochs = 2;
        p.standIn.batchSize = 8;
        p.audioEncoder.cnn.channels = {4, 8, 8, 16};
        p.tagEpochs = 2;
        p.stage1Epochs = 2;
        p.stage2Epochs = 2;
        p.searchEpochs = 3;
        p.batchSize = 16;
        p.threads = 1;
        p.decodeThreads = 2;
        return p;
    }

    static std::vector<std::string> runNames()
    {
        return {"stage1-random", "stage1-nearest", "stage1-multiframe", "stage2-random",
                "stage2-nearest", "stage2-multiframe", "stage2-scratch"};
    }

    // Every file under OUT/runs with its modification time.
    std::map<std::string, fs::file_time_type> runFiles() const
    {
        std::map<std::string, fs::file_time_type> files;
        for (const auto& e : fs::recursive_directory_iterator(path("out/runs").toStdString()))
            if (e.is_regular_file())
                files[e.path().string()] = e.last_write_time();
        return files;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The sources' own folder: the search library indexes it (and nothing of OUT).
        QVERIFY(QDir(m_dir.path()).mkdir("sources"));
        // Tones of 0.8, 1.3 and 1.8 s at 16 kHz.
        m_sources = test::writeTinyDemoSources(path("sources").toStdString(), 16000, 0.5);
        QCOMPARE(m_sources.size(), size_t(4));
        // A second name for one recording (as freedesktop's aliases) and a copy of another (as gcompris'
        // sounds extracted twice): each is indexed as a file, and is that recording for the search check.
        fs::create_symlink("red thing-0.wav", path("sources/red thing-alias.wav").toStdString());
        QVERIFY(QDir(path("sources")).mkdir("copies"));
        fs::copy_file(path("sources/blue thing-0.wav").toStdString(), path("sources/copies/blue thing-0.wav").toStdString());
    }

    void cancelledRunResumes()
    {
        std::atomic<bool> stop{false};
        JobHooks hooks;
        hooks.cancel = &stop;
        hooks.onProgress = [&](const JobProgress& p) {
            if (p.stage == "seed-1/stage1-nearest" && p.done >= 1)
                stop = true;
        };
        const auto first = DemoPipeline(tinyParams()).run(hooks);
        QVERIFY(first.cancelled);
        QVERIFY(!first.completed);
        QVERIFY(fs::exists(path("out/runs/seed-1/stage1-random/audio-encoder/model.safetensors").toStdString()));
        QVERIFY(!fs::exists(path("out/runs/seed-1/stage1-nearest/audio-encoder").toStdString()));
        QVERIFY(!fs::exists(path("out/report/summary.md").toStdString()));

        const auto second = DemoPipeline(tinyParams()).run();
        QVERIFY(second.completed);
        const std::set<std::string> skipped(second.stepsSkipped.begin(), second.stepsSkipped.end());
        for (const char* s : {"world", "stand-in CLIP", "cache train", "cache val", "cache test",
                              "seed-1/audio-tagging train", "seed-1/stage1-random train", "seed-1/stage1-random eval"})
            QVERIFY2(skipped.count(s), s);
        const std::set<std::string> ran(second.stepsRun.begin(), second.stepsRun.end());
        QVERIFY(ran.count("seed-1/stage1-nearest train"));
        QVERIFY(ran.count("seed-1/stage2-scratch train"));
        QVERIFY(ran.count("seed-1/search-multiframe train"));
        QVERIFY(ran.count("search index"));
        QVERIFY(second.peakRssKb > 0);
    }

    void reportHasEveryRun()
    {
        const fs::path report = path("out/report").toStdString();
        for (const char* f : {"summary.md", "results.json", "alignment.md", "alignment.json"})
            QVERIFY2(fs::file_size(report / f) > 0, f);

        // The test clips, read from the manifest here, are exactly each run's clips.txt.
        QStringList testIds;
        for (const auto& clip : jsonLines(path("out/world/manifest-test.jsonl").toStdString()))
            testIds << clip["id"].toString();
        testIds.sort();
        QCOMPARE(testIds.size(), 6);

        const QJsonObject results = QJsonDocument::fromJson(test::readBytes(report / "results.json")).object();
        const QJsonArray runs = results["runs"].toArray();
        QCOMPARE(runs.size(), 7);
        std::set<std::string> names;
        for (const auto& r : runs) {
            const QJsonObject run = r.toObject();
            names.insert(run["name"].toString().toStdString());
            const QJsonObject rep = run["report"].toObject();
            for (const char* d : {"text_to_audio", "audio_to_text", "audio_to_image", "image_to_audio"}) {
                QVERIFY2(rep.contains(d), d);
                const double r1 = rep[d].toObject()["R@1"].toDouble(-1);
                QVERIFY(r1 >= 0 && r1 <= 100);
            }
            QVERIFY(!run["loss"].toObject()["steps"].toArray().isEmpty());
            const fs::path copy = report / "runs" / ("seed-1-" + run["name"].toString().toStdString());
            QVERIFY(fs::exists(copy / "report.json"));
            QVERIFY(fs::exists(copy / "report.md"));
            QStringList listed = QString::fromUtf8(test::readBytes(copy / "clips.txt")).split('\n', Qt::SkipEmptyParts);
            listed.sort();  // cache order, not manifest order
            QCOMPARE(listed, testIds);
        }
        const auto expected = runNames();
        QCOMPARE(names, std::set<std::string>(expected.begin(), expected.end()));
        QCOMPARE(results["rows"].toArray().size(), 7);

        const QString summary = QString::fromUtf8(test::readBytes(report / "summary.md"));
        QVERIFY(summary.contains("| Random · stage 1 (zero-shot text) |"));
        QVERIFY(summary.contains("| No stage 1 · stage 2 only |"));
        QVERIFY(summary.contains("T→A medR"));
        QVERIFY(summary.contains("audio tagging on the training split's labels (2 epochs"));
        QVERIFY(summary.contains("its most similar frame"));
        QCOMPARE(results["clip_image"].toString(), QString("best"));
        // Frames showing exactly one source, and the classes visible at all, counted from the manifest.
        int oneSourceFrames = 0;
        std::set<QString> visibleClasses;
        for (const auto& clip : jsonLines(path("out/world/manifest-test.jsonl").toStdString())) {
            std::map<int, std::set<QString>> shown;
            for (const auto& e : clip["events"].toArray())
                for (const auto& f : e.toObject()["visible_frames"].toArray()) {
                    shown[f.toInt()].insert(e.toObject()["label"].toString());
                    visibleClasses.insert(e.toObject()["label"].toString());
                }
            for (const auto& [frame, labels] : shown)
                oneSourceFrames += labels.size() == 1;
        }
        const QJsonObject recognition = results["stand_in_frame_recognition"].toObject();
        QCOMPARE(recognition["frames"].toInt(), oneSourceFrames);
        QCOMPARE(recognition["classes"].toInt(), int(visibleClasses.size()));
        const double accuracy = recognition["accuracy"].toDouble(-1);
        QVERIFY(accuracy >= 0 && accuracy <= 100);
        QVERIFY(results["tagging_validation_top1"].toObject().contains("1"));

        // Stage 1, and stage 2 without it, start from the tagged encoder; the other stage-2 runs from
        // their stage-1 run.
        const auto initFrom = [&](const char* run) {
            return QJsonDocument::fromJson(test::readBytes(path("out/runs/seed-1").toStdString() + "/" + run + "/config.json"))
                .object()["init_from"].toString();
        };
        for (const char* run : {"stage1-random", "stage1-nearest", "stage1-multiframe", "stage2-scratch"})
            QVERIFY2(initFrom(run).endsWith("audio-tagging/audio-encoder"), run);
        QVERIFY(initFrom("stage2-nearest").endsWith("stage1-nearest/audio-encoder"));
        // Each stage keeps the recipe's frozen blocks, and the report says so.
        const auto frozen = [&](const char* run) {
            return QJsonDocument::fromJson(test::readBytes(path("out/runs/seed-1").toStdString() + "/" + run + "/config.json"))
                .object()["frozen_audio_blocks"].toInt(-1);
        };
        QCOMPARE(frozen("stage1-multiframe"), 3);
        QCOMPARE(frozen("stage2-multiframe"), 0);
        QCOMPARE(frozen("audio-tagging"), 0);
        QCOMPARE(results["stage1_frozen_audio_blocks"].toInt(), 3);
        QVERIFY(QString::fromUtf8(test::readBytes(path("out/report/summary.md").toStdString()))
                    .contains("with the audio encoder's first 3 blocks frozen; stage 2"));
        const QJsonObject tagging =
            QJsonDocument::fromJson(test::readBytes(path("out/runs/seed-1/audio-tagging/config.json").toStdString())).object();
        QCOMPARE(tagging["stage"].toString(), QString("tag"));
        QCOMPARE(tagging["train_cache"].toString().toStdString(), (fs::path(path("out").toStdString()) / "cache" / "train").string());
    }

    void randomAlignmentNearBaseRate()
    {
        // Ground truth and choices read independently of the pipeline.
        std::map<QString, std::set<int>> visible;
        std::map<QString, int> frames;
        for (const auto& clip : jsonLines(path("out/world/manifest-train.jsonl").toStdString())) {
            const QString id = clip["id"].toString();
            frames[id] = int(std::lround(clip["end"].toDouble() - clip["start"].toDouble()));
            for (const auto& e : clip["events"].toArray())
                for (const auto& f : e.toObject()["visible_frames"].toArray())
                    visible[id].insert(f.toInt());
        }
        double base = 0;
        for (const auto& [id, L] : frames)
            base += double(visible[id].size()) / L;
        base = 100.0 * base / double(frames.size());

        int total = 0, hits = 0;
        for (const auto& c : jsonLines(path("out/runs/seed-1/stage1-random/choices.jsonl").toStdString())) {
            ++total;
            hits += visible[c["clip"].toString()].count(c["frame"].toInt());
        }
        QCOMPARE(total, 48 * 2);
        const double accuracy = 100.0 * hits / total;

        const QJsonObject alignment =
            QJsonDocument::fromJson(test::readBytes(path("out/report/alignment.json").toStdString())).object();
        QVERIFY(std::abs(alignment["train_base_rate"].toDouble() - base) < 1e-9);
        bool found = false;
        for (const auto& r : alignment["runs"].toArray()) {
            const QJsonObject run = r.toObject();
            const QJsonObject a = run["alignment"].toObject();
            if (run["method"].toString() == "random") {
                found = true;
                QVERIFY(std::abs(a["choices"].toObject()["accuracy"].toDouble() - accuracy) < 1e-9);
            }
            if (run["method"].toString() == "multiframe") {
                QVERIFY(!a.contains("choices"));
                QVERIFY(a["test_segments"].toObject()["segments"].toInt() > 0);
            }
        }
        QVERIFY(found);
        // 96 uniform draws: the standard error is at most 5.1 points; 4 of them is a loose bound.
        const double sigma = std::sqrt(base * (100 - base) / total);
        QVERIFY2(std::abs(accuracy - base) <= 4 * sigma + 1e-9,
                 qPrintable(QString("random %1%, base rate %2%").arg(accuracy).arg(base)));
    }

    // The search model starts from Multiframe's stage-1 encoder, trains searchEpochs, and the index
    // holds the 12 recordings, the alias and the copy (not the pictures, not OUT's videos). Each caption
    // query's first own rank is recomputed with LibrarySearcher: a file is the class's own when its bytes
    // are those of one of the test's own recordings.
    void searchLibraryFindsTheSources()
    {
        const fs::path out = path("out").toStdString();
        const QJsonObject config = QJsonDocument::fromJson(
            test::readBytes(out / "runs/seed-1/search-multiframe/config.json")).object();
        QCOMPARE(config["epochs"].toInt(), 3);
        QVERIFY(config["init_from"].toString().endsWith("stage1-multiframe/audio-encoder"));

        const QJsonObject results = QJsonDocument::fromJson(test::readBytes(out / "report/results.json")).object();
        const QJsonObject search = results["search"].toObject();
        QCOMPARE(search["run"].toString(), QString("seed-1/search-multiframe"));
        QCOMPARE(search["folders"].toArray().size(), 1);
        QCOMPARE(fs::path(search["folders"][0].toString().toStdString()),
                 fs::absolute(path("sources").toStdString()).lexically_normal());
        QVERIFY(search["report"].toObject().contains("text_to_audio"));
        const QJsonObject queries = search["queries"].toObject();
        QCOMPARE(queries["files"].toInt(), 14);

        LibrarySearcher searcher(out / "index");
        QCOMPARE(searcher.model().encoderDir,
                 fs::absolute(out / "runs/seed-1/search-multiframe/audio-encoder").lexically_normal());
        const QJsonObject caption = queries["styles"].toObject()["caption"].toObject();
        QCOMPARE(caption["classes"].toInt(), 4);
        int firsts = 0, inTopFive = 0;
        for (const auto& value : caption["per_class"].toArray()) {
            const QJsonObject c = value.toObject();
            const auto source = std::find_if(m_sources.begin(), m_sources.end(), [&](const DemoSource& s) {
                return s.name == c["class"].toString().toStdString();
            });
            QVERIFY(source != m_sources.end());
            QCOMPARE(c["query"].toString().toStdString(), source->phrases.front());
            std::set<QByteArray> own;
            for (const auto& r : source->recordings)
                own.insert(test::readBytes(r));
            QCOMPARE(c["relevant"].toInt(), source->name == "red thing" || source->name == "blue thing" ? 4 : 3);
            SearchQuery q;
            q.text = source->phrases.front();
            q.k = 100;
            const auto ranked = searcher.search(q);
            QCOMPARE(int(ranked.size()), 14);
            int rank = 0;
            while (!own.count(test::readBytes(ranked[size_t(rank)].path)))
                ++rank;
            QCOMPARE(c["first_rank"].toInt(), rank + 1);
            QCOMPARE(c["top_files"].toArray()[0].toObject()["path"].toString().toStdString(), ranked[0].path);
            firsts += rank == 0;
            inTopFive += rank < 5;
        }
        QCOMPARE(caption["top1"].toDouble(), std::round(1000.0 * firsts / 4) / 10);
        QCOMPARE(caption["top5"].toDouble(), std::round(1000.0 * inTopFive / 4) / 10);
        // Chance of an own file first: 4/14 for red thing (its alias too) and blue thing (its copy too),
        // 3/14 for the others: 25% on average.
        QCOMPARE(caption["chance_top1"].toDouble(), 25.0);

        const QString md = QString::fromUtf8(test::readBytes(out / "report/search.md"));
        QVERIFY(md.contains("| caption (\"a dog barks\") | 4 ("));
        QVERIFY(md.contains("| red thing | a red thing hums |"));
        QVERIFY(QString::fromUtf8(test::readBytes(out / "report/summary.md"))
                    .contains("Search: the search model (runs/seed-1/search-multiframe, a stage 2 of its own"));
    }

    // Asking a finished run for other epochs, or other frozen audio blocks, than it was trained with
    // is an error naming the run, not a report that misstates it.
    void otherSettingsThanAFinishedRunAreAnError()
    {
        DemoPipelineParams longer = tinyParams();
        longer.searchEpochs = 5;
        test::expectErrorMentioning([&] { DemoPipeline(longer).run(); },
                                    {"search-multiframe", "trained for 3 epochs", "asks for 5"});
        DemoPipelineParams fewerFrozen = tinyParams();
        fewerFrozen.stage1FrozenAudioBlocks = 2;
        test::expectErrorMentioning([&] { DemoPipeline(fewerFrozen).run(); },
                                    {"stage1-random", "trained with 3 frozen audio blocks", "asks for 2"});
    }

    // The world's packages must be installed: without them every figure would describe another world.
    // A world composed without one (`demo-world` warns and goes on; its world.json lists it) is not
    // taken as the named world either, though its settings match.
    void packagesNotInstalledAreAnError()
    {
        DemoPipelineParams p = tinyParams();
        p.sources.clear();
        p.outDir = path("unpackaged").toStdString();
        const fs::path nowhere = path("no-packages").toStdString();
        p.packages = {nowhere / "rcc", nowhere / "wesnoth", nowhere / "freedesktop", nowhere / "tuxpaint", nowhere / "tree"};
        test::expectErrorMentioning([&] { DemoPipeline(p).run(); },
                                    {"not installed", "gcompris-qt-data wesnoth-1.16-data sound-theme-freedesktop",
                                     "apt-get install", "\"world\": {\"packages\""});
        QVERIFY(!fs::exists(p.outDir / "standin-clip"));

        DemoWorldBuilder(DemoSourceCatalog(m_sources), p.world).build(p.outDir / "world");
        auto world = QJsonDocument::fromJson(test::readBytes(p.outDir / "world" / "world.json")).object();
        world["missing_packages"] = QJsonArray{"wesnoth-1.16-data"};
        QVERIFY(test::writeBytes(QString::fromStdString((p.outDir / "world" / "world.json").string()),
                                 QJsonDocument(world).toJson()));
        test::expectErrorMentioning([&] { DemoPipeline(p).run(); }, {"not installed", "gcompris-qt-data"});
    }

    // Stage 1 watches the test clips: each run has every test clip's pick after each epoch; stage 2
    // watches nothing. A finished run from before watching (no watch_cache in its config, no file)
    // is not trained again: the demo compares a finished run's epochs only.
    void stageOneRunsWatchTheTestClips()
    {
        std::set<QString> testIds;
        for (const auto& clip : jsonLines(path("out/world/manifest-test.jsonl").toStdString()))
            testIds.insert(clip["id"].toString());
        const fs::path runs = path("out/runs/seed-1").toStdString();
        const fs::path testCache = fs::path(path("out").toStdString()) / "cache" / "test";
        for (const auto& run : runNames()) {
            const QJsonObject config = QJsonDocument::fromJson(test::readBytes(runs / run / "config.json")).object();
            const fs::path watched = runs / run / "watched_picks.jsonl";
            if (run.rfind("stage1-", 0) != 0) {
                QVERIFY2(config["watch_cache"].toString().isEmpty() && !fs::exists(watched), run.c_str());
                continue;
            }
            QCOMPARE(config["watch_cache"].toString().toStdString(), testCache.string());
            std::set<std::pair<int, QString>> picks;
            for (const auto& line : jsonLines(watched)) {
                QVERIFY2(testIds.count(line["clip"].toString()), qPrintable(line["clip"].toString()));
                picks.insert({line["epoch"].toInt(), line["clip"].toString()});
            }
            QCOMPARE(int(picks.size()), 2 * int(testIds.size()));  // 2 epochs, every test clip once in each
        }

        const fs::path nearest = runs / "stage1-nearest";
        QJsonObject config = QJsonDocument::fromJson(test::readBytes(nearest / "config.json")).object();
        config.remove("watch_cache");
        QFile file(QString::fromStdString((nearest / "config.json").string()));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(config).toJson());
        file.close();
        fs::remove(nearest / "watched_picks.jsonl");
        const auto again = DemoPipeline(tinyParams()).run();
        QVERIFY(again.completed);
        const std::set<std::string> skipped(again.stepsSkipped.begin(), again.stepsSkipped.end());
        QVERIFY(skipped.count("seed-1/stage1-nearest train"));
        QVERIFY(!fs::exists(nearest / "watched_picks.jsonl"));
    }

    void rerunTrainsNothingAndNotesMissingCharts()
    {
        const auto before = runFiles();
        const auto t = std::chrono::steady_clock::now();
        const auto again = DemoPipeline(tinyParams()).run();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
        QVERIFY(again.completed);
        QCOMPARE(again.stepsRun, std::vector<std::string>{"report"});
        QCOMPARE(runFiles(), before);  // no checkpoint, model or evaluation rewritten
        QVERIFY2(seconds < 30, qPrintable(QString::number(seconds)));

        QVERIFY(again.chartsNote.find("charts not drawn") != std::string::npos);
        QVERIFY(QString::fromUtf8(test::readBytes(again.reportDir / "summary.md")).contains("charts not drawn"));
        QVERIFY(!fs::exists(again.reportDir / "charts"));
    }

    // A recipe's "methods" is the comparison: the finished runs are reused, and the report has
    // their rows only (and no Nearest warm-up to state when Nearest is not compared).
    void methodsChooseTheComparison()
    {
        DemoPipelineParams p = tinyParams();
        p.methods = {"multiframe", "random"};
        const auto two = DemoPipeline(p).run();
        QVERIFY(two.completed);
        QCOMPARE(two.stepsRun, std::vector<std::string>{"report"});
        const QJsonObject results = QJsonDocument::fromJson(test::readBytes(two.reportDir / "results.json")).object();
        QCOMPARE(results["methods"].toArray(), (QJsonArray{"multiframe", "random"}));
        QStringList rows;
        for (const auto& row : results["rows"].toArray())
            rows << row.toObject()["stage"].toString() + "/" + row.toObject()["method"].toString();
        QCOMPARE(rows, (QStringList{"stage1/multiframe", "stage1/random", "stage2/multiframe", "stage2/random",
                                    "stage2/scratch"}));
        const QString summary = QString::fromUtf8(test::readBytes(two.reportDir / "summary.md"));
        QVERIFY(!summary.contains("Nearest after"));
        QVERIFY(summary.contains("Multiframe · stage 1"));

        QVERIFY(DemoPipeline(tinyParams()).run().completed);  // the three again, for the tests below
        const QString three = QString::fromUtf8(test::readBytes(two.reportDir / "summary.md"));
        QVERIFY(three.contains("Nearest · stage 1") && three.contains("Nearest after"));
    }

    // A demo folder copied from another keeps that one's index, which remembers that one's library
    // folders (the packages' sounds under its own OUT/library): the re-run drops them, so the index
    // holds this demo's library only.
    void copiedFolderIndexesItsOwnLibraryOnly()
    {
        const fs::path out = path("out").toStdString(), copy = path("out-copied").toStdString();
        fs::copy(out, copy, fs::copy_options::recursive);
        const fs::path elsewhere = path("elsewhere").toStdString();
        QVERIFY(test::makeTone(QString::fromStdString((elsewhere / "far.wav").string()), 700, 1.0));
        {
            LibraryIndex index(copy / "index", LibrarySearcher(copy / "index").model());
            QCOMPARE(index.add({elsewhere}).added, int64_t(1));
        }
        DemoPipelineParams p = tinyParams();
        p.outDir = copy;
        const auto r = DemoPipeline(p).run();
        QVERIFY(r.completed);
        QCOMPARE(r.stepsRun, (std::vector<std::string>{"search index", "report"}));
        LibraryIndex index(copy / "index", LibrarySearcher(copy / "index").model());
        QCOMPARE(index.roots(), std::vector<fs::path>{fs::absolute(path("sources").toStdString()).lexically_normal()});
        const QJsonObject results = QJsonDocument::fromJson(test::readBytes(copy / "report/results.json")).object();
        QCOMPARE(results["search"].toObject()["queries"].toObject()["files"].toInt(), 14);  // not 15
    }

    // --full's shape: several seeds, one table of mean ± std. Seed 1's runs are reused from the tests
    // above; each row's mean and std are checked against the per-seed reports.
    void seedsGiveMeanAndStandardDeviation()
    {
        DemoPipelineParams p = tinyParams();
        p.seeds = {1, 2};
        const auto r = DemoPipeline(p).run();
        QVERIFY(r.completed);
        const fs::path report = r.reportDir;
        const QJsonObject results = QJsonDocument::fromJson(test::readBytes(report / "results.json")).object();
        QCOMPARE(results["runs"].toArray().size(), 14);
        std::map<std::string, std::vector<double>> perRow;  // "stage/method" -> T->A R@10 per seed
        for (const auto& value : results["runs"].toArray()) {
            const QJsonObject run = value.toObject();
            const std::string method = run["method"].toString().toStdString();
            perRow[run["stage"].toString().toStdString() + "/" + method].push_back(
                run["report"].toObject()["text_to_audio"].toObject()["R@10"].toDouble());
        }
        for (const auto& value : results["rows"].toArray()) {
            const QJsonObject row = value.toObject();
            const auto& seeds = perRow[row["stage"].toString().toStdString() + "/" + row["method"].toString().toStdString()];
            QCOMPARE(int(seeds.size()), 2);
            const double mean = (seeds[0] + seeds[1]) / 2;
            // Sample standard deviation: over two values, |a - b| / sqrt(2).
            const double deviation = std::abs(seeds[0] - seeds[1]) / std::sqrt(2.0);
            const QJsonObject cell = row["values"].toObject()["text_to_audio/R@10"].toObject();
            QCOMPARE(cell["values"].toArray().size(), 2);
            QVERIFY(std::abs(cell["mean"].toDouble() - mean) < 1e-9);
            QVERIFY2(std::abs(cell["std"].toDouble() - deviation) < 1e-9, qPrintable(QString::number(cell["std"].toDouble())));
        }
        const QString summary = QString::fromUtf8(test::readBytes(report / "summary.md"));
        QVERIFY(summary.contains("mean ± standard deviation over seeds 1, 2"));
        QVERIFY(summary.contains(" ± "));
    }

    // Without a search model of its own, the index is built with the first seed's stage-2 run whose
    // last epoch had the best validation text->audio R@10 (recomputed here from metrics.jsonl).
    void searchModelIsChosenOnValidation()
    {
        const fs::path out = path("out").toStdString(), chosen = path("out-chosen").toStdString();
        fs::create_directories(chosen / "runs");
        for (const char* folder : {"world", "standin-clip", "cache"})
            fs::copy(out / folder, chosen / folder, fs::copy_options::recursive);
        fs::copy(out / "runs" / "seed-1", chosen / "runs" / "seed-1", fs::copy_options::recursive);
        fs::remove_all(chosen / "runs" / "seed-1" / "search-multiframe");
        DemoPipelineParams p = tinyParams();
        p.outDir = chosen;
        p.searchEpochs = 0;
        const auto r = DemoPipeline(p).run();
        QVERIFY(r.completed);
        QCOMPARE(r.stepsRun, (std::vector<std::string>{"search index", "report"}));

        QString best;
        double bestRecall = -1;
        for (const char* run : {"stage2-random", "stage2-nearest", "stage2-multiframe", "stage2-scratch"}) {
            double last = 0;
            for (const auto& line : jsonLines(chosen / "runs" / "seed-1" / run / "metrics.jsonl"))
                if (line["kind"].toString() == "epoch")
                    last = line["validation"].toObject()["text_to_audio/R@10"].toDouble();
            if (last > bestRecall) {
                bestRecall = last;
                best = QString("seed-1/") + run;
            }
        }
        const QJsonObject results = QJsonDocument::fromJson(test::readBytes(chosen / "report/results.json")).object();
        QCOMPARE(results["search"].toObject()["run"].toString(), best);
        QVERIFY(results["search"].toObject()["chosen_by"].toString().contains("validation"));
        QCOMPARE(LibrarySearcher(chosen / "index").model().encoderDir,
                 fs::absolute(chosen / "runs" / best.toStdString() / "audio-encoder").lexically_normal());
    }

    // A recipe of another seed in a folder whose index seed 1's search model built: the demo rebuilds
    // its index with the new search model instead of stopping at the model mismatch.
    void anotherSeedRebuildsTheIndex()
    {
        const fs::path out = path("out").toStdString();
        const auto before = LibraryIndex::recordedModel(out / "index");
        QVERIFY(before.has_value());
        DemoPipelineParams p = tinyParams();
        p.seeds = {2};
        const auto r = DemoPipeline(p).run();
        QVERIFY(r.completed);
        const fs::path seed2Search = fs::absolute(out / "runs" / "seed-2" / "search-multiframe" / "audio-encoder").lexically_normal();
        QCOMPARE(LibrarySearcher(out / "index").model().encoderDir, seed2Search);
        QVERIFY(*LibraryIndex::recordedModel(out / "index") != *before);
        const QJsonObject results = QJsonDocument::fromJson(test::readBytes(r.reportDir / "results.json")).object();
        QCOMPARE(results["search"].toObject()["run"].toString(), QString("seed-2/search-multiframe"));
        QVERIFY(!results["search"].toObject()["queries"].toObject().isEmpty());
    }

    void rendererIsCalledWithTheReport()
    {
        DemoPipelineParams p = tinyParams();
        fs::path seen;
        p.renderCharts = [&](const fs::path& reportDir) {
            seen = reportDir;
            return fs::exists(reportDir / "results.json") ? std::string() : std::string("no results.json");
        };
        const auto r = DemoPipeline(p).run();
        QCOMPARE(seen, r.reportDir);
        QVERIFY(r.chartsNote.empty());
        QVERIFY(QString::fromUtf8(test::readBytes(r.reportDir / "summary.md")).contains("charts/recall-at-1.png"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoPipeline)
#include "tst_DemoPipeline.moc"
