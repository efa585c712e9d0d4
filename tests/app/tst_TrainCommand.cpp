// `soundframe-cli pretrain`, `finetune` and `eval` in-process on a small generated world: help
// texts, a JSON config with flag overrides, errors naming the config file, a stage 1 -> stage 2
// -> eval chain, the eval output files and the printed Markdown table.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "SyntheticTrainingData.h"
#include "base/AtomicWrite.h"
#include "cli/CliRunner.h"
#include "data/FrameCacheReader.h"
#include "eval/RetrievalQueries.h"
#include "train/FrameChoiceLog.h"
#include "train/TrainConfig.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace soundframe;
namespace fs = std::filesystem;

class TestTrainCommand : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::SyntheticWorld m_world;
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }
    static QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

    struct Run {
        int code;
        std::string out;
        std::string err;
    };
    static Run cli(const QStringList& args)
    {
        std::ostringstream out, err;
        const int code = runCli(QStringList{"soundframe-cli"} + args, out, err);
        return {code, out.str(), err.str()};
    }
    static std::string readText(const fs::path& file)
    {
        std::ifstream in(file);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_world.writeCache(root() / "train", 6, 1, "train");
        m_world.writeCache(root() / "test", 3, 2, "test");
        m_world.writeEncoderConfig(root() / "transformer.json", "transformer");
        m_world.writeClip(root() / "clip", {root() / "train", root() / "test"});
    }

    void helpTexts_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("expected");
        QTest::newRow("pretrain-audio") << "pretrain-audio" << "tagging";
        QTest::newRow("pretrain") << "pretrain" << "--matching";
        QTest::newRow("finetune") << "finetune" << "--unfreeze-text-blocks";
        QTest::newRow("eval") << "eval" << "--prompt";
    }
    void helpTexts()
    {
        QFETCH(QString, command);
        QFETCH(QString, expected);
        const auto r = cli({command, "--help"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.find(expected.toStdString()) != std::string::npos, r.out.c_str());
        if (command != "eval") {
            QVERIFY2(r.out.find("RUN/checkpoints/") != std::string::npos, r.out.c_str());
            QVERIFY2(r.out.find("--resume") != std::string::npos, r.out.c_str());
        }
        const auto overview = cli({"--help"});
        QVERIFY(overview.out.find(command.toStdString()) != std::string::npos);
    }

    void configFileWithFlagOverrides()
    {
        TrainConfig c;
        c.trainCache = (root() / "train").string();
        c.runDir = (root() / "ignored").string();
        c.audioEncoderConfig = (root() / "transformer.json").string();
        c.epochs = 5;
        c.batchSize = 8;
        c.matching = "nearest";
        c.specAugmentTimeSeconds = 0.2;
        writeFileAtomically(root() / "config.json", c.toJson());
        const auto r = cli({"pretrain", "--config", q(root() / "config.json"), "--run", q(root() / "s1"), "--epochs",
                            "2", "--matching", "multiframe", "--segment-seconds", "0.5", "--mask-same-clip", "--lr",
                            "0.005", "--seed", "4", "--checkpoint-every", "2", "--freq-masks", "2", "--time-masks", "1",
                            "--watch-cache", q(root() / "test"), "--progress", "none", "--threads", "1"});
        QVERIFY2(r.code == 0, r.err.c_str());
        QVERIFY2(r.out.find("final loss:") != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find((root() / "s1").string()) != std::string::npos, r.out.c_str());
        const auto saved = TrainConfig::fromJsonFile(root() / "s1" / "config.json");
        QCOMPARE(saved.epochs, 2);
        QCOMPARE(saved.matching, std::string("multiframe"));
        QCOMPARE(saved.segmentSeconds, 0.5);
        QVERIFY(saved.maskSameClipNegatives);
        QCOMPARE(saved.learningRate, 0.005);
        QCOMPARE(saved.seed, 4);
        QCOMPARE(saved.batchSize, 8);  // from the file
        QCOMPARE(saved.specAugmentFrequencyMasks, 2);
        QCOMPARE(saved.specAugmentTimeMasks, 1);
        QCOMPARE(saved.specAugmentTimeSeconds, 0.2);  // from the file
        QCOMPARE(saved.threads, 1);
        QCOMPARE(saved.watchCache, (root() / "test").string());
        // Each held-out clip's pick after each of the 2 epochs.
        const FrameCacheReader test(root() / "test");
        QCOMPARE(int(FrameChoiceLog::read(root() / "s1", FrameChoiceLog::watchedFileName).size()), 2 * int(test.size()));
        QVERIFY(fs::exists(root() / "s1" / "audio-encoder" / "model.safetensors"));
        QVERIFY(fs::exists(root() / "s1" / "metrics.jsonl"));
    }

    void jsonProgressAndSummary()
    {
        const auto r = cli({"pretrain", "--train-cache", q(root() / "train"), "--run", q(root() / "s1-jsonl"),
                            "--audio-config", q(root() / "transformer.json"), "--epochs", "1", "--batch", "8",
                            "--progress", "jsonl"});
        QVERIFY2(r.code == 0, r.err.c_str());
        // Progress on stderr, as for every command; the summary alone on stdout.
        std::istringstream lines(r.err);
        std::string line;
        int progress = 0;
        while (std::getline(lines, line))  // beside them, plain notes such as the run folder
            if (!line.empty() && line[0] == '{' && nlohmann::json::parse(line).contains("stage"))
                ++progress;
        QCOMPARE(progress, 3);  // 24 clips, batch 8
        const auto summary = nlohmann::json::parse(r.out);
        QCOMPARE(summary.at("status").get<std::string>(), std::string("completed"));
        QVERIFY(summary.at("final_loss").get<double>() > 0);
    }

    // --config takes a shipped name as well as a file; --list-configs shows the stage's own.
    void shippedConfigsByName()
    {
        auto r = cli({"pretrain", "--list-configs"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.find("demo-stage1  {") != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find("audioset-stage1-cnn14") != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find("demo-stage2") == std::string::npos, r.out.c_str());
        r = cli({"finetune", "--list-configs"});
        QVERIFY2(r.code == 0 && r.out.find("demo-stage2  {") != std::string::npos, r.out.c_str());

        r = cli({"pretrain", "--config", "demo-stage2", "--train-cache", q(root() / "train"), "--run", q(root() / "x")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("demo-stage2") != std::string::npos && r.err.find("finetune") != std::string::npos,
                 r.err.c_str());
        r = cli({"pretrain", "--config", "no-such-config", "--train-cache", q(root() / "train"), "--run", q(root() / "x")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.find("no-such-config") != std::string::npos && r.err.find("demo-stage1") != std::string::npos,
                 r.err.c_str());

        // demo-stage1 keeps the tagged encoder's first blocks: from scratch there is nothing to keep.
        const QStringList named{"pretrain", "--config", "demo-stage1", "--train-cache", q(root() / "train"), "--run",
                                q(root() / "s1-named"), "--audio-config", q(root() / "transformer.json"), "--epochs",
                                "1", "--batch", "8", "--progress", "none", "--threads", "1"};
        r = cli(named);
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.find("frozen_audio_blocks") != std::string::npos && r.err.find("init_from") != std::string::npos,
                 r.err.c_str());
        r = cli(named + QStringList{"--frozen-audio-blocks", "0"});
        QVERIFY2(r.code == 0, r.err.c_str());
        const auto saved = TrainConfig::fromJsonFile(root() / "s1-named" / "config.json");
        QCOMPARE(saved.learningRate, 0.003);   // from the config
        QCOMPARE(saved.nearestWarmupEpochs, 4);  // from the config (TrainConfig says 1)
        QCOMPARE(saved.epochs, 1);             // the flag wins
    }

    void badConfigNamesTheFile()
    {
        writeFileAtomically(root() / "bad.json", R"({"epochs": 2, "learning_rat": 0.1})");
        auto r = cli({"pretrain", "--config", q(root() / "bad.json"), "--train-cache", q(root() / "train"), "--run",
                      q(root() / "bad")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.find("bad.json") != std::string::npos && r.err.find("learning_rat") != std::string::npos,
                 r.err.c_str());
        r = cli({"pretrain", "--train-cache", q(root() / "train"), "--run", q(root() / "bad"), "--epochs", "many"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("--epochs") != std::string::npos, r.err.c_str());
        r = cli({"pretrain", "--run", q(root() / "bad")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("train_cache") != std::string::npos, r.err.c_str());
        r = cli({"finetune", "--train-cache", q(root() / "train"), "--run", q(root() / "bad")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("clip_dir") != std::string::npos, r.err.c_str());
    }

    // Audio tagging from the CLI, then stage 1 from its encoder; the run resumes under its own name.
    void pretrainAudioThenStageOne()
    {
        auto r = cli({"pretrain-audio", "--train-cache", q(root() / "train"), "--val-cache", q(root() / "test"), "--run",
                      q(root() / "tag"), "--audio-config", q(root() / "transformer.json"), "--epochs", "3", "--batch",
                      "8", "--progress", "none", "--threads", "1"});
        QVERIFY2(r.code == 0, r.err.c_str());
        QVERIFY2(r.err.find("pretrain-audio: run folder") != std::string::npos, r.err.c_str());
        const auto saved = TrainConfig::fromJsonFile(root() / "tag" / "config.json");
        QCOMPARE(saved.stage, TrainStage::Tag);
        QVERIFY(readText(root() / "tag" / "metrics.jsonl").find("tagging/top1") != std::string::npos);
        QVERIFY(fs::exists(root() / "tag" / "tag-classes.json"));
        r = cli({"pretrain", "--train-cache", q(root() / "train"), "--init-from", q(root() / "tag" / "audio-encoder"),
                 "--run", q(root() / "s1-tagged"), "--matching", "nearest", "--warmup-epochs", "0", "--epochs", "1",
                 "--batch", "8", "--progress", "none"});
        QVERIFY2(r.code == 0, r.err.c_str());
        // Watching held-out clips' frames is stage 1's.
        r = cli({"pretrain-audio", "--train-cache", q(root() / "train"), "--run", q(root() / "tag3"), "--watch-cache",
                 q(root() / "test")});
        QCOMPARE(r.code, 2);
        // The text flags belong to finetune only.
        r = cli({"pretrain-audio", "--train-cache", q(root() / "train"), "--run", q(root() / "tag2"),
                 "--unfreeze-text-blocks", "1"});
        QCOMPARE(r.code, 2);
    }

    void finetuneThenEval()
    {
        QVERIFY(fs::exists(root() / "s1" / "audio-encoder"));  // from configFileWithFlagOverrides
        auto r = cli({"finetune", "--train-cache", q(root() / "train"), "--clip", q(root() / "clip"), "--init-from",
                      q(root() / "s1" / "audio-encoder"), "--run", q(root() / "s2"), "--epochs", "2", "--batch", "8",
                      "--unfreeze-text-blocks", "1", "--progress", "none"});
        QVERIFY2(r.code == 0, r.err.c_str());
        const auto saved = TrainConfig::fromJsonFile(root() / "s2" / "config.json");
        QCOMPARE(saved.stage, TrainStage::Finetune);
        QCOMPARE(saved.textTowerTrainableBlocks, 1);
        QVERIFY(fs::exists(root() / "s2" / "clip" / "model.safetensors"));

        r = cli({"eval", "--cache", q(root() / "test"), "--model", q(root() / "s2"), "--clip", q(root() / "clip"),
                 "--out", q(root() / "eval"), "--prompt", "the sound of a {}", "--prompt", "a {} is heard",
                 "--clip-image", "best", "--query-top-k", "3"});
        QVERIFY2(r.code == 0, r.err.c_str());
        for (const char* direction : {"| text_to_audio |", "| audio_to_text |", "| audio_to_image |", "| image_to_audio |"})
            QVERIFY2(r.out.find(direction) != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find("zero-shot") != std::string::npos, r.out.c_str());
        const auto report = nlohmann::json::parse(readText(root() / "eval" / "report.json"));
        QCOMPARE(report.at("stage").get<std::string>(), std::string("finetune"));
        QCOMPARE(report.at("run").get<std::string>(), std::string("s2"));
        QCOMPARE(report.at("zero_shot").at("prompts").size(), size_t(2));
        QCOMPARE(report.at("n_audio").get<int>(), 12);
        QCOMPARE(report.at("clip_image").get<std::string>(), std::string("best"));
        for (const char* file : {"report.md", "clips.txt", "alignment.json", "alignment.csv"})
            QVERIFY2(fs::exists(root() / "eval" / file), file);
        const auto queries = RetrievalQueries::read(root() / "eval" / "queries.jsonl");
        QCOMPARE(queries.directions().size(), size_t(4));
        QCOMPARE(queries.direction("text_to_audio").size(), size_t(report.at("n_text").get<int>()));
        for (const auto& query : queries.queries)
            QCOMPARE(query.top.size(), size_t(3));

        r = cli({"eval", "--cache", q(root() / "test"), "--out", q(root() / "eval2")});
        QCOMPARE(r.code, 2);
        r = cli({"eval", "--cache", q(root() / "test"), "--model", q(root() / "s2"), "--out", q(root() / "eval3"),
                 "--clip-image", "first"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("--clip-image") != std::string::npos, r.err.c_str());
        r = cli({"eval", "--cache", q(root() / "test"), "--model", q(root() / "s2"), "--out", q(root() / "eval3"),
                 "--query-top-k", "0"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("--query-top-k") != std::string::npos, r.err.c_str());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestTrainCommand)
#include "tst_TrainCommand.moc"
