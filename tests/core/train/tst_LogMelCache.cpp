// LogMelCache: every batch it returns equals the front end's own log-mel of the same clips, bit for
// bit — whether the clips were all computed now, all kept from earlier batches, or a mix of the two
// (a budget that holds only some); it keeps at most its budget; and writing into a returned batch
// does not change what it keeps.
#include "train/LogMelCache.h"

#include <QtTest>

#include "TestRegistry.h"

#include <torch/torch.h>

#include <algorithm>
#include <numeric>

using namespace soundframe;

namespace {
AudioEncoderConfig frontEndConfig()
{
    AudioEncoderConfig c;
    c.clipSeconds = 1.0;  // the default front end (16 kHz, hop 160, 64 mel bands): 101 frames, 25,856 bytes
    return c;
}

// Clip `row`'s waveform: distinct per row, some shorter than the clip (the front end pads them).
torch::Tensor clipAudio(int64_t row)
{
    torch::manual_seed(uint64_t(100 + row));
    return torch::randn({row % 3 == 0 ? 12000 : 16000}) * 0.1;
}

std::vector<torch::Tensor> audioOf(const std::vector<int64_t>& rows)
{
    std::vector<torch::Tensor> out;
    for (const auto row : rows)
        out.push_back(clipAudio(row));
    return out;
}
} // namespace

class TestLogMelCache : public QObject {
    Q_OBJECT

    const AudioEncoderConfig m_config = frontEndConfig();
    const AudioFrontEnd m_front{m_config};

    void expectFrontEnds(LogMelCache& cache, const std::vector<int64_t>& rows)
    {
        const auto got = cache.batch(rows, audioOf(rows), torch::kCPU);
        const auto expected = m_front.logMel(audioOf(rows), torch::kCPU);
        QCOMPARE(got.sizes(), expected.sizes());
        QVERIFY(torch::equal(got, expected));
    }

private Q_SLOTS:
    void keptBatchesEqualTheFrontEnds()
    {
        LogMelCache cache(m_front, 64);
        expectFrontEnds(cache, {0, 1, 2, 3});
        QCOMPARE(cache.keptClips(), int64_t(4));
        expectFrontEnds(cache, {3, 1, 0, 2});  // all kept, in another order
        expectFrontEnds(cache, {5, 2, 4, 0});  // two kept, two new
        QCOMPARE(cache.keptClips(), int64_t(6));
    }

    void keepsNoMoreThanItsBudget()
    {
        LogMelCache none(m_front, 0);
        expectFrontEnds(none, {0, 1, 2});
        QCOMPARE(none.keptClips(), int64_t(0));

        // One megabyte holds 40 clips of 25,856 bytes; the rest are computed at every step.
        LogMelCache some(m_front, 1);
        std::vector<int64_t> rows(200);
        std::iota(rows.begin(), rows.end(), 0);
        expectFrontEnds(some, rows);
        QCOMPARE(some.keptClips(), int64_t(40));
        std::reverse(rows.begin(), rows.end());
        expectFrontEnds(some, rows);
        QCOMPARE(some.keptClips(), int64_t(40));
    }

    void writingIntoABatchLeavesTheKeptCopy()
    {
        LogMelCache cache(m_front, 64);
        auto first = cache.batch({7, 8}, audioOf({7, 8}), torch::kCPU);
        first.fill_(0.0f);
        expectFrontEnds(cache, {7, 8});
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestLogMelCache)
#include "tst_LogMelCache.moc"
