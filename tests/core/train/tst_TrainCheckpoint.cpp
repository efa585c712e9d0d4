// TrainCheckpoint: the on-disk layout, 'latest' (with and without its pointer file), keeping the
// newest N, a half-written checkpoint being ignored, and load/restore giving back the encoder,
// the temperature, the optimiser state (the next step equals the original's) and the RNG.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "SyntheticTrainingData.h"
#include "base/Error.h"
#include "base/TorchTensors.h"
#include "train/InfoNceLoss.h"
#include "train/TrainCheckpoint.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <fstream>

using namespace soundframe;
namespace fs = std::filesystem;

namespace {
struct Setup {
    AudioEncoder encoder{nullptr};
    InfoNceLoss loss{nullptr};
    std::unique_ptr<torch::optim::AdamW> optimizer;

    explicit Setup(AudioEncoder e) : encoder(std::move(e)), loss(InfoNceOptions{})
    {
        std::vector<torch::optim::OptimizerParamGroup> groups;
        groups.emplace_back(encoder->parameters());
        groups.emplace_back(loss->parameters());
        optimizer = std::make_unique<torch::optim::AdamW>(groups, torch::optim::AdamWOptions(1e-3).weight_decay(0.01));
    }
    // One optimiser step on a fixed batch.
    void step(const torch::Tensor& logmel, const torch::Tensor& target)
    {
        optimizer->zero_grad();
        loss(encoder(logmel), target).backward();
        optimizer->step();
    }
};
} // namespace

class TestTrainCheckpoint : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::SyntheticWorld m_world;
    fs::path run() const { return fs::path(m_tmp.path().toStdString()) / "run"; }

private Q_SLOTS:
    void saveLatestKeepLoadRestore()
    {
        torch::manual_seed(3);
        const auto config = m_world.encoderConfig("transformer");
        Setup a{AudioEncoder(config)};
        const auto logmel = torch::randn({4, config.logMel.nMels, 201});
        const auto target = torch::randn({4, config.embedDim});
        TrainConfig tc;
        tc.trainCache = "cache";
        tc.runDir = run().string();
        tc.seed = 42;

        QVERIFY(!TrainCheckpoint::latest(run()));
        fs::path last;
        for (int s = 1; s <= 3; ++s) {
            a.step(logmel, target);
            TrainProgressState state{0, s, s, 1.5 * s, s};
            last = TrainCheckpoint::save(run(), state, tc, a.encoder, *a.loss, *a.optimizer, {}, 2);
        }
        // Layout and keep-2.
        QCOMPARE(last, run() / "checkpoints" / "step-00000003");
        for (const char* f : {"audio-encoder/config.json", "audio-encoder/model.safetensors", "train-state.safetensors",
                              "optimizer.pt"})
            QVERIFY2(fs::exists(last / f), f);
        QVERIFY(!fs::exists(run() / "checkpoints" / "step-00000001"));
        QVERIFY(fs::exists(run() / "checkpoints" / "step-00000002"));
        for (const auto& entry : fs::directory_iterator(run() / "checkpoints"))
            QVERIFY2(entry.path().filename().string().rfind(".partial", 0) != 0, "a partial checkpoint was left");
        QCOMPARE(*TrainCheckpoint::latest(run()), last);

        // RNG: the state saved with the checkpoint comes back.
        const auto afterSave = torch::randn({5});
        const auto loaded = TrainCheckpoint::load(last, torch::kCPU);
        TrainCheckpoint::restoreRandomState(loaded);
        QVERIFY(torch::equal(torch::randn({5}), afterSave));

        QCOMPARE(loaded.state.epoch, 0);
        QCOMPARE(loaded.state.stepInEpoch, int64_t(3));
        QCOMPARE(loaded.state.globalStep, int64_t(3));
        QCOMPARE(loaded.state.epochLossSum, 4.5);
        QCOMPARE(loaded.state.epochSteps, int64_t(3));
        QCOMPARE(TrainConfig::fromJson(loaded.configJson, "checkpoint").seed, 42);
        QVERIFY(torch::equal(loaded.tensors.at("loss.logit_scale"), a.loss->logitScaleParameter().detach()));
        const auto named = a.encoder->namedTensors();
        const auto loadedNamed = loaded.encoder->namedTensors();
        QCOMPARE(named.size(), loadedNamed.size());
        for (size_t i = 0; i < named.size(); ++i)
            QVERIFY2(torch::equal(named[i].second, loadedNamed[i].second), named[i].first.c_str());

        // Optimiser: a restored copy takes exactly the step the original takes.
        Setup b(loaded.encoder);
        b.encoder->train();
        b.loss->logitScaleParameter().data().copy_(loaded.tensors.at("loss.logit_scale"));
        TrainCheckpoint::restoreOptimizer(loaded, *b.optimizer);
        a.step(logmel, target);
        b.step(logmel, target);
        const auto na = a.encoder->namedTensors(), nb = b.encoder->namedTensors();
        for (size_t i = 0; i < na.size(); ++i)
            QVERIFY2(torch::equal(na[i].second, nb[i].second), na[i].first.c_str());
    }

    void progressStateCountsStepsAndEpochs()
    {
        TrainProgressState state{2, 1, 7, 3.0, 1};  // resumed after batch 0 of epoch 2
        state.recordStep(2, 1, 5.0);
        QCOMPARE(state.globalStep, int64_t(8));
        QCOMPARE(state.stepInEpoch, int64_t(2));
        QCOMPARE(state.epochMeanLoss(), 4.0);  // the steps before the resume count
        state.startEpoch(3);
        QCOMPARE(state.epoch, 3);
        QCOMPARE(state.stepInEpoch, int64_t(0));
        QCOMPARE(state.globalStep, int64_t(8));
        QCOMPARE(state.epochMeanLoss(), 0.0);
        state.recordStep(3, 0, 1.5);
        QCOMPARE(state.epochMeanLoss(), 1.5);
        QCOMPARE(state.epochSteps, int64_t(1));
    }

    void latestSurvivesAMissingPointerAndPartials()
    {
        QVERIFY(fs::exists(run() / "checkpoints" / "latest"));  // from the test above
        fs::remove(run() / "checkpoints" / "latest");
        fs::create_directories(run() / "checkpoints" / ".partial-step-00000009");
        QCOMPARE(*TrainCheckpoint::latest(run()), run() / "checkpoints" / "step-00000003");
        // A pointer to a vanished folder falls back to the newest complete one too.
        std::ofstream(run() / "checkpoints" / "latest") << "step-00000007\n";
        QCOMPARE(*TrainCheckpoint::latest(run()), run() / "checkpoints" / "step-00000003");
    }

    void foreignFilesAreErrors()
    {
        const auto fake = fs::path(m_tmp.path().toStdString()) / "fake";
        fs::create_directories(fake);
        saveTorchTensors(fake / "train-state.safetensors", {{"x", torch::zeros({1})}}, {{"format", "something-else"}});
        QVERIFY_THROWS_EXCEPTION(Error, TrainCheckpoint::load(fake, torch::kCPU));
        QVERIFY_THROWS_EXCEPTION(Error, TrainCheckpoint::load(fake / "nothing-here", torch::kCPU));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestTrainCheckpoint)
#include "tst_TrainCheckpoint.moc"
