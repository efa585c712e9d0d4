// TrainConfig: JSON round trip, partial overrides, and errors that name the file and the key.
#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "train/TrainConfig.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include "ErrorExpectations.h"

using namespace soundframe;
namespace fs = std::filesystem;

class TestTrainConfig : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path file(const std::string& name, const std::string& text)
    {
        const auto path = fs::path(m_tmp.path().toStdString()) / name;
        writeFileAtomically(path, text);
        return path;
    }


private Q_SLOTS:
    void roundTrip()
    {
        TrainConfig c;
        c.stage = TrainStage::Finetune;
        c.matching = "multiframe";
        c.nearestWarmupEpochs = 3;
        c.nearestWarmupMatching = WarmupMatching::Multiframe;
        c.initFromMatching = "nearest";
        c.segmentSeconds = 0.25;
        c.maskSameClipNegatives = true;
        c.trainCache = "data/tr ain";
        c.watchCache = "data/held out";
        c.clipDir = "models/clip";
        c.runDir = "runs/ü";
        c.epochs = 7;
        c.batchSize = 12;
        c.learningRate = 1.5e-4;
        c.textTowerTrainableBlocks = 2;
        c.initFrom = "runs/tagging/audio-encoder";
        c.frozenAudioBlocks = 3;
        c.seed = 99;
        c.device = "auto";
        c.validateEachEpoch = false;
        const auto back = TrainConfig::fromJsonFile(file("c.json", c.toJson()));
        QCOMPARE(back.toJson(), c.toJson());
        QCOMPARE(back.stage, TrainStage::Finetune);
        QCOMPARE(back.matching, std::string("multiframe"));
        QCOMPARE(back.nearestWarmupMatching, WarmupMatching::Multiframe);
        QCOMPARE(back.initFromMatching, std::string("nearest"));
        QCOMPARE(back.segmentSeconds, 0.25);
        QVERIFY(back.maskSameClipNegatives);
        QCOMPARE(back.runDir, std::string("runs/ü"));
        QCOMPARE(back.watchCache, std::string("data/held out"));
        QVERIFY(c.toJson().find(R"("watch_cache": "data/held out")") != std::string::npos);
        QCOMPARE(back.learningRate, 1.5e-4);
        QCOMPARE(back.textTowerTrainableBlocks, 2);
        QCOMPARE(back.frozenAudioBlocks, 3);
        QVERIFY(!back.validateEachEpoch);
    }

    void fileOverridesOnlyItsKeys()
    {
        const auto c = TrainConfig::fromJsonFile(file("partial.json", R"({"epochs": 3, "matching": "nearest"})"));
        QCOMPARE(c.epochs, 3);
        QCOMPARE(c.matching, std::string("nearest"));
        const TrainConfig defaults;
        QCOMPARE(c.batchSize, defaults.batchSize);
        QCOMPARE(c.learningRate, defaults.learningRate);
        TrainConfig merged = c;
        merged.merge(R"({"batch_size": 4})", "flags");
        QCOMPARE(merged.batchSize, 4);
        QCOMPARE(merged.epochs, 3);
    }

    void errorsNameFileAndKey()
    {
        const auto unknown = file("unknown.json", R"({"epochs": 3, "lerning_rate": 0.1})");
        test::expectErrorMentioning([&] { TrainConfig::fromJsonFile(unknown); },
                                    {"unknown.json", "lerning_rate", "unknown"});
        const auto wrongType = file("type.json", R"({"epochs": "ten"})");
        test::expectErrorMentioning([&] { TrainConfig::fromJsonFile(wrongType); }, {"type.json", "epochs", "type"});
        const auto malformed = file("bad.json", R"({"epochs": )");
        test::expectErrorMentioning([&] { TrainConfig::fromJsonFile(malformed); }, {"bad.json", "malformed"});
        const auto notObject = file("array.json", "[1, 2]");
        test::expectErrorMentioning([&] { TrainConfig::fromJsonFile(notObject); }, {"array.json", "object"});
        test::expectErrorMentioning([&] { TrainConfig::fromJsonFile(fs::path(m_tmp.path().toStdString()) / "missing.json"); },
                    {"missing.json"});
    }

    // The enums are spelled by name in the file; an unknown name is an error naming file, key and value.
    void stageAndWarmupAreReadByName()
    {
        const auto tag = TrainConfig::fromJsonFile(file("tag.json", R"({"stage": "tag"})"));
        QCOMPARE(tag.stage, TrainStage::Tag);
        QCOMPARE(tag.nearestWarmupMatching, WarmupMatching::Random);
        QVERIFY(tag.toJson().find(R"("stage": "tag")") != std::string::npos);
        const auto warm = TrainConfig::fromJsonFile(file("warm.json", R"({"nearest_warmup_matching": "multiframe"})"));
        QCOMPARE(warm.nearestWarmupMatching, WarmupMatching::Multiframe);
        QCOMPARE(warm.stage, TrainStage::Pretrain);
        QVERIFY(warm.toJson().find(R"("nearest_warmup_matching": "multiframe")") != std::string::npos);
        const auto badStage = file("stage.json", R"({"stage": "stage1"})");
        test::expectErrorMentioning([&] { TrainConfig::fromJsonFile(badStage); }, {"stage.json", "stage", "stage1"});
        const auto badWarmup = file("warmup.json", R"({"nearest_warmup_matching": "nearest"})");
        test::expectErrorMentioning([&] { TrainConfig::fromJsonFile(badWarmup); },
                                    {"warmup.json", "nearest_warmup_matching", "'nearest'"});
        const auto notText = file("number.json", R"({"stage": 1})");
        test::expectErrorMentioning([&] { TrainConfig::fromJsonFile(notText); }, {"number.json", "stage", "type"});
    }

    // Only a stage-1 Nearest run's first epochs are someone else's choices.
    void choiceWarmupIsNearestsOnly()
    {
        TrainConfig c;
        c.nearestWarmupEpochs = 3;
        QCOMPARE(c.choiceWarmupEpochs(), 0);  // Random
        c.matching = "nearest";
        QCOMPARE(c.choiceWarmupEpochs(), 3);
        c.stage = TrainStage::Finetune;
        QCOMPARE(c.choiceWarmupEpochs(), 0);
        c.stage = TrainStage::Pretrain;
        c.matching = "multiframe";
        QCOMPARE(c.choiceWarmupEpochs(), 0);
    }

    void validateNamesTheField()
    {
        TrainConfig c;
        c.trainCache = "cache";
        c.runDir = "run";
        c.validate();
        auto bad = c;
        bad.matching = "closest";
        test::expectErrorMentioning([&] { bad.validate("my.json"); }, {"my.json", "matching", "closest"});
        bad = c;
        bad.batchSize = 1;
        test::expectErrorMentioning([&] { bad.validate(); }, {"batch_size"});
        bad = c;
        bad.stage = TrainStage::Finetune;
        test::expectErrorMentioning([&] { bad.validate(); }, {"clip_dir"});
        bad = c;
        bad.trainCache.clear();
        test::expectErrorMentioning([&] { bad.validate(); }, {"train_cache"});
        bad = c;
        bad.segmentSeconds = 0;
        test::expectErrorMentioning([&] { bad.validate(); }, {"segment_seconds"});
        // Freezing keeps what init_from learned; from scratch it would keep random weights.
        bad = c;
        bad.frozenAudioBlocks = 2;
        test::expectErrorMentioning([&] { bad.validate(); }, {"frozen_audio_blocks", "init_from"});
        bad.initFrom = "runs/tagging/audio-encoder";
        bad.validate();
        bad.frozenAudioBlocks = -1;
        test::expectErrorMentioning([&] { bad.validate(); }, {"frozen_audio_blocks", ">= 0"});
        bad = c;
        bad.logMelCacheMegabytes = -1;
        test::expectErrorMentioning([&] { bad.validate(); }, {"log_mel_cache_mb", ">= 0"});
        bad = c;
        bad.frozenFeatureCacheMegabytes = -1;
        test::expectErrorMentioning([&] { bad.validate(); }, {"frozen_feature_cache_mb", ">= 0"});
        // Held-out clips are watched against their frames: stage 1 only.
        auto watching = c;
        watching.watchCache = "held-out";
        watching.validate();
        bad = watching;
        bad.stage = TrainStage::Tag;
        test::expectErrorMentioning([&] { bad.validate(); }, {"watch_cache", "stage 1"});
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestTrainConfig)
#include "tst_TrainConfig.moc"
