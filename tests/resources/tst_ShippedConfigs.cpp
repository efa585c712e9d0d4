// ShippedConfigs: every shipped config is valid for what reads it, the demo's training configs say
// what the demo pipeline trains with (so the data and DemoPipelineParams cannot drift apart), and a
// name resolves to the shipped text while a file of that name wins.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "ShippedConfigs.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "demo/DemoPipeline.h"
#include "demo/DemoRecipe.h"
#include "model/AudioEncoderConfig.h"
#include "train/TrainConfig.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

namespace {
TrainConfig training(const char* name)
{
    const auto t = ShippedConfigs::resolve(ShippedConfigs::Training, name);
    return TrainConfig::fromJson(t.json, t.where);
}
} // namespace

class TestShippedConfigs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyShippedConfigIsValid()
    {
        const QStringList trainingNames = ShippedConfigs::names(ShippedConfigs::Training);
        for (const char* expected : {"demo-tagging", "demo-stage1", "demo-stage2", "demo-full-stage1",
                                     "demo-full-stage2", "audioset-stage1-cnn14", "audiocaps-stage2"})
            QVERIFY2(trainingNames.contains(expected), expected);
        for (const QString& name : trainingNames) {
            TrainConfig c = training(name.toUtf8().constData());
            c.trainCache = "train-cache";  // what a command line adds
            c.runDir = "run";
            c.clipDir = "clip";
            if (c.frozenAudioBlocks > 0)  // keeps blocks of the encoder it starts from
                c.initFrom = "runs/tagging/audio-encoder";
            c.validate(name.toStdString());
            if (!c.audioEncoderConfig.empty())  // names a shipped encoder
                QVERIFY2(ShippedConfigs::isShipped(ShippedConfigs::AudioEncoder,
                                                   QString::fromStdString(c.audioEncoderConfig)),
                         c.audioEncoderConfig.c_str());
        }
        for (const QString& name : ShippedConfigs::names(ShippedConfigs::AudioEncoder)) {
            const auto t = ShippedConfigs::resolve(ShippedConfigs::AudioEncoder, name);
            audioEncoderConfigFromJson(t.json, t.where).validate(t.where);
        }
        const auto cnn14 = ShippedConfigs::resolve(ShippedConfigs::AudioEncoder, "cnn14");
        QCOMPARE(audioEncoderConfigFromJson(cnn14.json, cnn14.where).cnnChannels(),
                 (std::vector<int>{64, 128, 256, 512, 1024, 2048}));
        for (const QString& name : ShippedConfigs::names(ShippedConfigs::DemoRecipe)) {
            DemoPipelineParams p;
            const auto t = ShippedConfigs::resolve(ShippedConfigs::DemoRecipe, name);
            DemoRecipe::apply(p, t.json, t.where);
        }
    }

    void theDemoConfigsSayWhatTheDemoTrainsWith()
    {
        for (const bool full : {false, true}) {
            DemoPipelineParams p;
            if (full) {
                const auto t = ShippedConfigs::resolve(ShippedConfigs::DemoRecipe, "demo-full");
                DemoRecipe::apply(p, t.json, t.where);
            }
            const TrainConfig stage1 = training(full ? "demo-full-stage1" : "demo-stage1");
            const TrainConfig stage2 = training(full ? "demo-full-stage2" : "demo-stage2");
            QCOMPARE(stage1.stage, TrainStage::Pretrain);
            QCOMPARE(stage1.epochs, p.stage1Epochs);
            QCOMPARE(stage1.nearestWarmupEpochs, p.nearestWarmupEpochs);
            QCOMPARE(stage2.stage, TrainStage::Finetune);
            QCOMPARE(stage2.epochs, p.stage2Epochs);
            QCOMPARE(stage1.frozenAudioBlocks, p.stage1FrozenAudioBlocks);
            QCOMPARE(stage2.frozenAudioBlocks, p.stage2FrozenAudioBlocks);
            // Nearest's stage 1 differs (docs/training.md says so); the shipped config holds the others'.
            QCOMPARE(p.stage1LearningRate("random"), p.learningRate);
            QCOMPARE(p.stage1LearningRate("multiframe"), p.learningRate);
            QCOMPARE(p.stage1LearningRate("nearest"), 1e-3);
            for (const TrainConfig& c : {stage1, stage2}) {
                QCOMPARE(c.learningRate, p.learningRate);
                QCOMPARE(c.batchSize, p.batchSize);
                QCOMPARE(c.checkpointEverySteps, 0);
            }
        }
        const TrainConfig tagging = training("demo-tagging");
        QCOMPARE(tagging.stage, TrainStage::Tag);
        QCOMPARE(tagging.epochs, DemoPipelineParams().tagEpochs);
    }

    void aNameResolvesAndAFileWins()
    {
        const auto shipped = ShippedConfigs::resolve(ShippedConfigs::Training, "demo-stage2");
        QVERIFY(shipped.json.find("\"finetune\"") != std::string::npos);
        QVERIFY(shipped.where.find("demo-stage2") != std::string::npos);

        QTemporaryDir dir;
        QVERIFY(QDir::setCurrent(dir.path()));
        QVERIFY(test::writeBytes(dir.filePath("demo-stage2"), "{\"epochs\": 3}"));
        QCOMPARE(ShippedConfigs::resolve(ShippedConfigs::Training, "demo-stage2").json, std::string("{\"epochs\": 3}"));

        try {
            ShippedConfigs::resolve(ShippedConfigs::Training, "no-such-config");
            QFAIL("no error for an unknown name");
        } catch (const Error& e) {
            const std::string message = e.what();
            QVERIFY2(message.find("no-such-config") != std::string::npos, e.what());
            QVERIFY2(message.find("demo-stage1") != std::string::npos, e.what());  // what there is
        }
    }

    void aShippedEncoderIsCopiedIntoTheRun()
    {
        QTemporaryDir dir;
        const std::string run = dir.filePath("run").toStdString();
        const std::string file = ShippedConfigs::audioEncoderConfigFile("cnn14", run);
        QCOMPARE(file, run + "/audio-encoder-config.json");
        QCOMPARE(readAudioEncoderConfig(file).cnn.variant, std::string("cnn14"));
        QCOMPARE(ShippedConfigs::audioEncoderConfigFile(file, run), file);  // a file stays itself (resume)
        QCOMPARE(ShippedConfigs::audioEncoderConfigFile("", run), std::string());
        QVERIFY_EXCEPTION_THROWN(ShippedConfigs::audioEncoderConfigFile("cnn99", run), Error);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestShippedConfigs)
#include "tst_ShippedConfigs.moc"
