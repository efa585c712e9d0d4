// HeldOutEmbedding: f's embedding of a held-out cache at every epoch end is eval's embedCachedAudio
// of the same encoder up to float rounding (frozen blocks computed clip by clip round differently
// from a batch's pass) — with and without frozen blocks, at the first epoch end (inputs computed)
// and the later ones (inputs kept), with or without budgets — and it leaves f's mode as found.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's headers

#include "SyntheticTrainingData.h"
#include "eval/CacheEmbedding.h"
#include "train/HeldOutEmbedding.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestHeldOutEmbedding : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::SyntheticWorld m_world;

    std::filesystem::path cacheDir() const { return std::filesystem::path(m_tmp.path().toStdString()) / "held-out"; }

    // Two epoch ends of a run keeping `budget` megabytes of inputs, each after a training step that
    // moves the blocks that train: both equal embedCachedAudio of the encoder as it is then.
    void expectEvaluationsEmbedding(int frozenBlocks, int budget)
    {
        const FrameCacheReader cache(cacheDir());
        TrainConfig config;
        config.logMelCacheMegabytes = budget;
        config.frozenFeatureCacheMegabytes = budget;
        torch::manual_seed(uint64_t(4 + frozenBlocks));
        AudioEncoder f(m_world.encoderConfig("cnn"));
        f->freezeLeadingBlocks(frozenBlocks);
        f->train();
        HeldOutEmbedding heldOut(cache, config, f->config(), torch::kCPU);
        torch::optim::SGD step(f->parameters(), torch::optim::SGDOptions(0.05));
        for (int epoch = 0; epoch < 2; ++epoch) {
            step.zero_grad();
            f->forward(torch::randn({4, 32, 51})).sum().backward();
            step.step();
            const auto got = heldOut.embed(f);
            QVERIFY(f->is_training());
            const auto expected = embedCachedAudio(f, cache, torch::kCPU);
            QCOMPARE(got.sizes(), expected.sizes());
            QVERIFY(torch::isfinite(got).all().item<bool>());
            QVERIFY2(torch::allclose(got, expected, 1e-5, 1e-6),
                     ("frozen " + std::to_string(frozenBlocks) + ", epoch " + std::to_string(epoch)).c_str());
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_world.writeCache(cacheDir(), 9, 5, "held");  // 36 clips: two batches of 32 and 4
    }

    void embedsAsEvaluationDoes()
    {
        expectEvaluationsEmbedding(0, 64);
        expectEvaluationsEmbedding(1, 64);
        expectEvaluationsEmbedding(1, 0);
        expectEvaluationsEmbedding(2, 64);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestHeldOutEmbedding)
#include "tst_HeldOutEmbedding.moc"
