// Evaluator on a small generated test cache: the files it writes and their schema (report.json
// keys, clips.txt, files.txt, alignment rows = clips x frames, cosine ranges), alignment values
// against a direct recomputation, zero-shot per fold against a naive oracle with several prompt
// templates, and prompt templates read from a file.
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

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
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

private slots:
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

QTEST_GUILESS_MAIN(TestEvaluator)
#include "tst_Evaluator.moc"
