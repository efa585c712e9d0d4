// FrozenFeatureCache: every batch it returns equals the encoder's frozen features of each clip
// computed on its own, bit for bit — whether the clips were all computed now, all kept from earlier
// batches, or a mix of the two (a budget that holds only some); it keeps at most its budget;
// writing into a returned batch does not change what it keeps; and f given the batch embeds as f
// on the log-mel alone.
#include "train/FrozenFeatureCache.h"

#include <QtTest>

#include "TestRegistry.h"

#include <torch/torch.h>

#include <algorithm>
#include <numeric>

using namespace soundframe;

namespace {
AudioEncoder frozenEncoder()
{
    AudioEncoderConfig c;
    c.logMel.nMels = 16;
    c.embedDim = 8;
    c.clipSeconds = 1.0;  // 101 frames
    c.cnn.channels = {8, 16};
    torch::manual_seed(3);
    AudioEncoder f(c);
    f->freezeLeadingBlocks(1);  // bn0 and block 1: [8 channels, 50 frames, 8 mels], 12,800 bytes a clip
    f->train();
    return f;
}

// Clip `row`'s log-mel: distinct per row.
torch::Tensor clipLogMel(int64_t row)
{
    torch::manual_seed(uint64_t(100 + row));
    return torch::randn({16, 101}) * 2 - 3;
}

torch::Tensor logMelOf(const std::vector<int64_t>& rows)
{
    std::vector<torch::Tensor> out;
    for (const auto row : rows)
        out.push_back(clipLogMel(row));
    return torch::stack(out);
}
} // namespace

class TestFrozenFeatureCache : public QObject {
    Q_OBJECT

    AudioEncoder m_encoder = frozenEncoder();

    void expectEachClipsOwn(FrozenFeatureCache& cache, const std::vector<int64_t>& rows)
    {
        const auto got = cache.batch(rows, logMelOf(rows), m_encoder);
        QVERIFY(!got.requires_grad());
        QCOMPARE(got.size(0), int64_t(rows.size()));
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto own = m_encoder->frozenFeatures(clipLogMel(rows[i]).unsqueeze(0)).squeeze(0);
            QVERIFY(torch::equal(got[int64_t(i)], own));
        }
    }

private Q_SLOTS:
    void keptBatchesEqualEachClipsOwnFeatures()
    {
        FrozenFeatureCache cache(64);
        expectEachClipsOwn(cache, {0, 1, 2, 3});
        QCOMPARE(cache.keptClips(), int64_t(4));
        expectEachClipsOwn(cache, {3, 1, 0, 2});  // all kept, in another order
        expectEachClipsOwn(cache, {5, 2, 4, 0});  // two kept, two new
        QCOMPARE(cache.keptClips(), int64_t(6));
    }

    void keepsNoMoreThanItsBudget()
    {
        FrozenFeatureCache none(0);
        expectEachClipsOwn(none, {0, 1, 2});
        QCOMPARE(none.keptClips(), int64_t(0));

        // One megabyte holds 81 clips of 12,800 bytes; the rest are computed at every step.
        FrozenFeatureCache some(1);
        std::vector<int64_t> rows(120);
        std::iota(rows.begin(), rows.end(), 0);
        expectEachClipsOwn(some, rows);
        QCOMPARE(some.keptClips(), int64_t(81));
        std::reverse(rows.begin(), rows.end());
        expectEachClipsOwn(some, rows);
        QCOMPARE(some.keptClips(), int64_t(81));
    }

    void writingIntoABatchLeavesTheKeptCopy()
    {
        FrozenFeatureCache cache(64);
        auto first = cache.batch({7, 8}, logMelOf({7, 8}), m_encoder);
        first.fill_(0.0f);
        expectEachClipsOwn(cache, {7, 8});
    }

    // The frozen blocks run in eval mode, so the batch's own pass and the clips' own passes agree
    // up to float rounding: f given the kept features embeds as f on the log-mel alone.
    void theEncoderGivenTheBatchEmbedsAsWithout()
    {
        FrozenFeatureCache cache(64);
        const std::vector<int64_t> rows{0, 1, 2, 3, 4};
        const auto logMel = logMelOf(rows);
        m_encoder->eval();
        const auto direct = m_encoder->forward(logMel);
        const auto viaCache = m_encoder->forward(logMel, cache.batch(rows, logMel, m_encoder));
        m_encoder->train();
        QVERIFY(torch::allclose(direct, viaCache, 1e-5, 1e-6));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestFrozenFeatureCache)
#include "tst_FrozenFeatureCache.moc"
