// Evaluator on a small generated test cache: the files it writes and their schema (report.json
// keys, clips.txt, files.txt, alignment rows = clips x frames, cosine ranges), alignment values
// against a direct recomputation, zero-shot per fold against a naive oracle with several prompt
// templates, prompt templates read from a file, and queries.jsonl against the report's figures and
// a naive sort of the similarity matrix.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "SyntheticTrainingData.h"
#include "ZeroShotOracle.h"
#include "base/Error.h"
#include "data/FrameCacheReader.h"
#include "eval/AlignmentExport.h"
#include "eval/CacheEmbedding.h"
#include "eval/Evaluator.h"
#include "model/AudioEncoder.h"
#include "model/AudioFrontEnd.h"
#include "model/ClipTextEmbedder.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <sstream>

using namespace soundframe;
namespace fs = std::filesystem;

class TestEvaluator : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::SyntheticWorld m_world;
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }

    static std::string readText(const fs::path& file)
    {
        std::ifstream in(file);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    // The run folder's encoder on the test cache, into root()/out.
    EvaluatorParams runParams(const std::string& out) const
    {
        EvaluatorParams p;
        p.cacheDir = root() / "test";
        p.modelDir = root() / "run-x";
        p.outDir = root() / out;
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_world.writeCache(root() / "test", 3, 2, "test");  // 12 clips, 4 frames each
        m_world.writeClip(root() / "clip", {root() / "test"});
        torch::manual_seed(5);
        AudioEncoder encoder(m_world.encoderConfig("transformer"));
        saveAudioEncoder(encoder, root() / "encoder");
        // A run folder around the same encoder.
        saveAudioEncoder(encoder, root() / "run-x" / "audio-encoder");
        std::ofstream(root() / "run-x" / "config.json")
            << R"({"stage": "pretrain", "matching": "multiframe", "segment_seconds": 0.5})";
    }

    void fillPrompt()
    {
        QCOMPARE(Evaluator::fillPrompt("the sound of a {}", "cow"), std::string("the sound of a cow"));
        QCOMPARE(Evaluator::fillPrompt("{} and {}", "rain"), std::string("rain and rain"));
        QCOMPARE(Evaluator::fillPrompt("sound:", "bell"), std::string("sound: bell"));
    }

    void writesReportFiles()
    {
        EvaluatorParams p = runParams("out");
        p.clipDir = root() / "clip";
        int progressCalls = 0;
        JobHooks hooks;
        hooks.onProgress = [&](const JobProgress&) { ++progressCalls; };
        EvaluationResult result;
        try {
            result = Evaluator(p).run(hooks);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        QVERIFY(progressCalls > 0);

        const auto report = nlohmann::json::parse(readText(p.outDir / "report.json"));
        for (const char* direction : {"text_to_audio", "audio_to_text", "audio_to_image", "image_to_audio"})
            for (const char* key : {"R@1", "R@5", "R@10", "mAP@10", "medR"})
                QVERIFY2(report.at(direction).contains(key), direction);
        QCOMPARE(report.at("n_audio").get<int>(), 12);
        QCOMPARE(report.at("n_text").get<int>(), 36);
        QCOMPARE(report.at("run").get<std::string>(), std::string("run-x"));
        QCOMPARE(report.at("stage").get<std::string>(), std::string("pretrain"));
        QCOMPARE(report.at("matching").get<std::string>(), std::string("multiframe"));
        const auto& z = report.at("zero_shot");
        QCOMPARE(z.at("classes").get<int>(), 4);
        QCOMPARE(z.at("clips").get<int>(), 12);
        QVERIFY(z.at("top1").get<double>() >= 0 && z.at("top1").get<double>() <= 100);
        QCOMPARE(z.at("top5").get<double>(), 100.0);  // 4 classes: every label is in the top 5
        QCOMPARE(z.at("prompts").at(0).get<std::string>(), std::string("the sound of a {}"));
        // Round trip through the shared report type.
        const auto back = RetrievalReport::fromJson(result.reportJson);
        QVERIFY(back.has("text_to_audio"));

        const auto markdown = readText(p.outDir / "report.md");
        QVERIFY(markdown.find("| audio_to_image |") != std::string::npos);
        QVERIFY(markdown.find("zero-shot") != std::string::npos);

        const FrameCacheReader cache(p.cacheDir);
        std::string expectedIds;
        for (size_t i = 0; i < cache.size(); ++i)
            expectedIds += cache.record(i).id + "\n";
        QCOMPARE(readText(p.outDir / "clips.txt"), expectedIds);
        QVERIFY(fs::exists(p.outDir / "files.txt"));
        QVERIFY(fs::exists(p.outDir / "zero_shot_confusion.csv"));
        QVERIFY(!z.contains("folds"));  // these clips carry no fold

        // alignment.csv: a header and one row per clip and frame.
        std::istringstream csv(readText(p.outDir / "alignment.csv"));
        std::string line;
        std::getline(csv, line);
        QCOMPARE(line, std::string("clip,frame,frame_seconds,audio_to_frame,segment_to_frame,argmax_frame"));
        int rows = 0;
        while (std::getline(csv, line))
            ++rows;
        QCOMPARE(rows, 12 * 4);

        // alignment.json against a direct recomputation for one clip.
        const auto alignment = nlohmann::json::parse(readText(p.outDir / "alignment.json"));
        QCOMPARE(alignment.at("segment_seconds").get<double>(), 0.5);  // the run's
        QCOMPARE(alignment.at("clips").size(), size_t(12));
        auto encoder = loadAudioEncoder(root() / "encoder", torch::kCPU);
        const auto audio = embedCachedAudio(encoder, cache, torch::kCPU);
        const auto clip = cache.load(5);
        const auto expected = torch::nn::functional::cosine_similarity(
            clip.frameEmbeddings, audio[5].unsqueeze(0).expand({4, -1}), torch::nn::functional::CosineSimilarityFuncOptions().dim(1));
        const auto& entry = alignment.at("clips").at(5);
        QCOMPARE(entry.at("clip").get<std::string>(), clip.clip.id);
        for (int l = 0; l < 4; ++l)
            QVERIFY(std::abs(entry.at("audio_to_frame").at(l).get<double>() - expected[l].item<double>()) < 1e-5);
        QCOMPARE(entry.at("argmax_frame").get<int64_t>(), expected.argmax().item<int64_t>());
        QCOMPARE(entry.at("segment_to_frame").size(), size_t(4));
        QCOMPARE(entry.at("segment_to_frame").at(0).size(), size_t(4));
        for (const auto& row : entry.at("segment_to_frame"))
            for (const auto& v : row)
                QVERIFY(std::abs(v.get<double>()) <= 1.0 + 1e-6);
    }

    // queries.jsonl: per direction, the ranks give the report's R@k and medR, and the ranks and
    // top items equal a naive oracle: the cosine matrix recomputed here in double precision, each row
    // fully sorted.
    void queriesAgreeWithReportAndOracle()
    {
        EvaluatorParams p = runParams("out-queries");
        p.clipDir = root() / "clip";
        p.alignment = false;
        p.queryTopK = 5;
        const auto result = Evaluator(p).run();
        const auto file = RetrievalQueries::read(p.outDir / "queries.jsonl");
        QCOMPARE(file.toJsonLines(), result.queries.toJsonLines());

        const FrameCacheReader cache(p.cacheDir);
        auto encoder = loadAudioEncoder(root() / "encoder", torch::kCPU);
        const auto unit = [](const torch::Tensor& t) {
            const auto d = t.to(torch::kFloat64);
            return d / d.norm(2, 1, true);
        };
        const auto audio = unit(embedCachedAudio(encoder, cache, torch::kCPU));
        const auto images = unit(middleFrameEmbeddings(cache));
        const auto [texts, owner] = cacheCaptions(cache);
        const auto captions = unit(ClipTextEmbedder(p.clipDir, torch::kCPU).embed(texts));
        const int64_t clips = int64_t(cache.size()), nText = int64_t(texts.size());
        const auto clipItem = [&](int64_t c) { return RetrievalItem{cache.record(size_t(c)).id, {}}; };
        const auto captionItem = [&](int64_t t) { return RetrievalItem{cache.record(size_t(owner[size_t(t)])).id, texts[size_t(t)]}; };
        struct Oracle {
            torch::Tensor sim;  // [queries, gallery]
            std::function<RetrievalItem(int64_t)> query, item;
            std::function<bool(int64_t, int64_t)> relevant;
        };
        const std::map<std::string, Oracle> oracles{
            {"audio_to_image", {torch::matmul(audio, images.t()), clipItem, clipItem, std::equal_to<int64_t>()}},
            {"image_to_audio", {torch::matmul(images, audio.t()), clipItem, clipItem, std::equal_to<int64_t>()}},
            {"text_to_audio", {torch::matmul(captions, audio.t()), captionItem, clipItem,
                               [&](int64_t t, int64_t c) { return owner[size_t(t)] == c; }}},
            {"audio_to_text", {torch::matmul(audio, captions.t()), clipItem, captionItem,
                               [&](int64_t c, int64_t t) { return owner[size_t(t)] == c; }}},
        };
        QCOMPARE(file.directions().size(), size_t(4));
        for (const auto& [name, o] : oracles) {
            const auto queries = file.direction(name);
            QCOMPARE(int64_t(queries.size()), o.sim.size(0));  // every clip has captions here
            std::vector<double> ranks;
            for (int64_t q = 0; q < o.sim.size(0); ++q) {
                const auto& got = queries[size_t(q)];
                QCOMPARE(got.query, o.query(q));
                std::vector<int64_t> order(static_cast<size_t>(o.sim.size(1)));
                std::iota(order.begin(), order.end(), 0);
                // Ties (the synthetic world repeats captions) count against the query: irrelevant first.
                std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
                    const double sa = o.sim[q][a].item<double>(), sb = o.sim[q][b].item<double>();
                    return sa != sb ? sa > sb : !o.relevant(q, a) && o.relevant(q, b);
                });
                const auto first = std::find_if(order.begin(), order.end(), [&](int64_t g) { return o.relevant(q, g); });
                QCOMPARE(got.rank, int64_t(first - order.begin()) + 1);
                ranks.push_back(double(got.rank));
                QCOMPARE(got.top.size(), size_t(5));
                for (size_t t = 0; t < got.top.size(); ++t) {
                    QCOMPARE(got.top[t].item, o.item(order[t]));
                    QVERIFY(std::abs(got.top[t].score - o.sim[q][order[t]].item<double>()) < 1e-5);
                    QCOMPARE(got.top[t].relevant, o.relevant(q, order[t]));
                    if (t > 0)
                        QVERIFY(got.top[t].score <= got.top[t - 1].score);
                }
                QCOMPARE(got.relevant.size(), size_t(name == "audio_to_text" ? 3 : 1));
            }
            // The report's figures from the ranks alone.
            const auto& scores = result.report.get(name);
            const auto share = [&](double k) {
                return 100.0 * double(std::count_if(ranks.begin(), ranks.end(), [&](double r) { return r <= k; }))
                       / double(ranks.size());
            };
            QVERIFY(std::abs(scores.recallAt1 - share(1)) < 1e-9);
            QVERIFY(std::abs(scores.recallAt5 - share(5)) < 1e-9);
            QVERIFY(std::abs(scores.recallAt10 - share(10)) < 1e-9);
            std::sort(ranks.begin(), ranks.end());
            const size_t mid = ranks.size() / 2;
            QCOMPARE(scores.medianRank, ranks.size() % 2 ? ranks[mid] : (ranks[mid - 1] + ranks[mid]) / 2);
            qInfo("%s: %zu queries, R@1 %.1f, medR %.1f", name.c_str(), ranks.size(), scores.recallAt1, scores.medianRank);
        }
        QCOMPARE(nText, int64_t(36));
        QCOMPARE(clips, int64_t(12));
    }

    void withoutClipOnlyAudioImage()
    {
        EvaluatorParams p;
        p.cacheDir = root() / "test";
        p.modelDir = root() / "encoder";
        p.outDir = root() / "out-noclip";
        p.alignment = false;
        const auto result = Evaluator(p).run();
        QVERIFY(result.report.has("audio_to_image"));
        QVERIFY(!result.report.has("text_to_audio"));
        QVERIFY(!result.zeroShot);
        QVERIFY(!fs::exists(p.outDir / "alignment.csv"));
        QVERIFY(fs::exists(p.outDir / "report.json"));
        QCOMPARE(RetrievalQueries::read(p.outDir / "queries.jsonl").directions(),
                 (std::vector<std::string>{"audio_to_image", "image_to_audio"}));
        QVERIFY(nlohmann::json::parse(readText(p.outDir / "report.json")).count("zero_shot") == 0);
    }

    // --export-alignment: per clip, the Audacity / Sonic Visualiser files (AlignmentExport's text
    // from the same curves as alignment.json, times from the clip's start) and the clip's audio.
    void exportsAlignmentPerClip()
    {
        EvaluatorParams p = runParams("out-export");
        p.exportAlignmentDir = root() / "exported";
        Evaluator(p).run();
        const auto alignment = nlohmann::json::parse(readText(p.outDir / "alignment.json"));
        const FrameCacheReader cache(p.cacheDir);
        QCOMPARE(alignment.at("clips").size(), cache.size());
        for (size_t i = 0; i < cache.size(); ++i) {
            const auto& entry = alignment.at("clips").at(i);
            const auto clip = cache.load(i);
            const std::string stem = AlignmentExport::fileStem(clip.clip.id);
            for (const char* suffix : {".labels.txt", ".cosine.csv", ".frames.csv", ".pick.csv", ".wav"})
                QVERIFY2(fs::exists(p.exportAlignmentDir / (stem + suffix)), (stem + suffix).c_str());
            AlignmentExportClip c;
            c.clipId = clip.clip.id;
            for (double t : clip.frameSeconds)
                c.frameSeconds.push_back(t - clip.clip.start);
            c.audioToFrame = entry.at("audio_to_frame").get<std::vector<double>>();
            c.argmaxFrame = entry.at("argmax_frame").get<int>();
            c.events = clip.clip.events;
            QCOMPARE(readText(p.exportAlignmentDir / (stem + ".labels.txt")), AlignmentExport(c).audacityLabels());
            QCOMPARE(readText(p.exportAlignmentDir / (stem + ".cosine.csv")), AlignmentExport(c).cosineLayer());
            QCOMPARE(readText(p.exportAlignmentDir / (stem + ".pick.csv")), AlignmentExport(c).pickLayer());
            // The audio: a float WAV of the cached samples (44-byte-plus header, 4 bytes a sample).
            QVERIFY(fs::file_size(p.exportAlignmentDir / (stem + ".wav")) >= uint64_t(clip.audio.numel()) * 4);
        }
        // Off without the curves.
        p.alignment = false;
        QVERIFY_THROWS_EXCEPTION(Error, Evaluator(p).run());
    }

    void missingInputsAreErrors()
    {
        EvaluatorParams p;
        p.cacheDir = root() / "nowhere";
        p.modelDir = root() / "encoder";
        p.outDir = root() / "out-bad";
        QVERIFY_THROWS_EXCEPTION(Error, Evaluator(p).run());
        p.cacheDir = root() / "test";
        p.modelDir = root() / "nowhere";
        QVERIFY_THROWS_EXCEPTION(Error, Evaluator(p).run());
    }

    void zeroShotPerFoldMatchesANaiveOracle()
    {
        test::SyntheticWorld world;
        world.classes = 7;  // more than 5: top-5 is not trivially 100 %
        world.folds = 3;
        world.writeCache(root() / "folded", 4, 9, "f");  // 28 clips, folds 1-3
        world.writeClip(root() / "clip7", {root() / "folded"});
        torch::manual_seed(11);
        saveAudioEncoder(AudioEncoder(world.encoderConfig("cnn")), root() / "encoder7");

        EvaluatorParams p;
        p.cacheDir = root() / "folded";
        p.modelDir = root() / "encoder7";
        p.clipDir = root() / "clip7";
        p.outDir = root() / "out-folds";
        p.alignment = false;
        p.promptTemplates = {"the sound of a {}", "a {} is heard", "{}"};
        const auto result = Evaluator(p).run();
        QVERIFY(result.zeroShot);
        const auto oracle = test::zeroShotOracle(p.cacheDir, p.modelDir, p.clipDir, p.promptTemplates);

        const auto z = nlohmann::json::parse(readText(p.outDir / "report.json")).at("zero_shot");
        QCOMPARE(z.at("classes").get<int>(), 7);
        QCOMPARE(z.at("clips").get<int>(), 28);
        QVERIFY(std::abs(z.at("top1").get<double>() - oracle.at(0).top1) < 1e-9);
        QVERIFY(std::abs(z.at("top5").get<double>() - oracle.at(0).top5) < 1e-9);
        QCOMPARE(z.at("folds").size(), size_t(3));
        double mean1 = 0, mean5 = 0, sq1 = 0;
        for (const auto& f : z.at("folds")) {
            const auto& o = oracle.at(f.at("fold").get<int>());
            QCOMPARE(f.at("clips").get<int>(), o.clips);
            QVERIFY2(std::abs(f.at("top1").get<double>() - o.top1) < 1e-9, qPrintable(QString::fromStdString(f.dump())));
            QVERIFY2(std::abs(f.at("top5").get<double>() - o.top5) < 1e-9, qPrintable(QString::fromStdString(f.dump())));
            mean1 += o.top1 / 3;
            mean5 += o.top5 / 3;
        }
        for (int fold = 1; fold <= 3; ++fold)
            sq1 += (oracle.at(fold).top1 - mean1) * (oracle.at(fold).top1 - mean1) / 3;
        QVERIFY(std::abs(z.at("fold_mean").at("top1").get<double>() - mean1) < 1e-9);
        QVERIFY(std::abs(z.at("fold_mean").at("top5").get<double>() - mean5) < 1e-9);
        QVERIFY(std::abs(z.at("fold_std").at("top1").get<double>() - std::sqrt(sq1)) < 1e-9);
        QCOMPARE(z.at("prompts").size(), size_t(3));

        // The exact files, and one zero-shot row per clip that agrees with the pooled figure.
        const FrameCacheReader cache(p.cacheDir);
        std::string files;
        for (size_t i = 0; i < cache.size(); ++i)
            files += cache.record(i).mediaPath + "\n";
        QCOMPARE(readText(p.outDir / "files.txt"), files);
        std::istringstream csv(readText(p.outDir / "zero_shot.csv"));
        std::string line;
        std::getline(csv, line);
        QCOMPARE(line, std::string("clip,path,fold,label,predicted,top1,top5"));
        int rows = 0, right = 0;
        while (std::getline(csv, line)) {
            ++rows;
            right += line.substr(line.size() - 3, 1) == "1" ? 1 : 0;  // ...,top1,top5
        }
        QCOMPARE(rows, 28);
        QVERIFY(std::abs(100.0 * right / rows - oracle.at(0).top1) < 1e-9);
        const auto markdown = readText(p.outDir / "report.md");
        QVERIFY2(markdown.find("| mean ± std (3 folds) |") != std::string::npos, markdown.c_str());
        qInfo("%s", markdown.c_str());
    }

    void promptTemplatesFromAFile()
    {
        const auto file = root() / "prompts.txt";
        std::ofstream(file) << "\xEF\xBB\xBFthe sound of a {}\r\n\n  a {} can be heard  \n{}";
        QCOMPARE(Evaluator::readPromptTemplates(file),
                 (std::vector<std::string>{"the sound of a {}", "a {} can be heard", "{}"}));
        std::ofstream(root() / "blank.txt") << "\n  \n";
        try {
            Evaluator::readPromptTemplates(root() / "blank.txt");
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.where(), (root() / "blank.txt").string());
            QVERIFY2(e.reason().find("no prompt template") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, Evaluator::readPromptTemplates(root() / "absent.txt"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestEvaluator)
#include "tst_Evaluator.moc"
