// SpecAugment: off leaves the log-mel untouched; on, every changed cell lies in whole mel bands or
// whole time spans no wider than the configured maxima and holds the clip's mean; the masks are a
// pure function of (seed, epoch, cache row), whatever the batch order; and over many clips the
// widths reach their maxima (counted independently here from the output).
#include "train/SpecAugment.h"

#include <QtTest>

#include "TestRegistry.h"

#include <torch/torch.h>

#include <set>

using namespace soundframe;

namespace {
constexpr int64_t kMels = 32, kFrames = 250;
constexpr double kFramesPerSecond = 50.0;  // 16 kHz, hop 320: the demo's front end

TrainConfig augmented(int seed = 3)
{
    TrainConfig c;
    c.seed = seed;
    c.specAugmentFrequencyMasks = 2;
    c.specAugmentFrequencyBins = 6;
    c.specAugmentTimeMasks = 2;
    c.specAugmentTimeSeconds = 0.4;  // 20 frames
    return c;
}

// Distinct values everywhere, so no cell can equal the clip's mean by chance.
torch::Tensor logMel(int64_t clips)
{
    return torch::arange(clips * kMels * kFrames, torch::kFloat32).reshape({clips, kMels, kFrames}).sin() * 5 - 20;
}

// Bands (rows) and frames (columns) of clip `b` whose every cell changed; fails the test when a
// changed cell is in neither, or does not hold the clip's mean.
struct Masked {
    std::set<int64_t> bands, frames;
};
Masked maskedOf(const torch::Tensor& before, const torch::Tensor& after, int64_t b)
{
    const auto changed = before[b].ne(after[b]);
    Masked m;
    for (int64_t f = 0; f < kMels; ++f)
        if (changed[f].all().item<bool>())
            m.bands.insert(f);
    for (int64_t t = 0; t < kFrames; ++t)
        if (changed.select(1, t).all().item<bool>())
            m.frames.insert(t);
    const float mean = before[b].mean().item<float>();
    for (int64_t f = 0; f < kMels; ++f)
        for (int64_t t = 0; t < kFrames; ++t)
            if (changed[f][t].item<bool>()) {
                if (!m.bands.count(f) && !m.frames.count(t))
                    QTest::qFail("a changed cell outside every masked band and span", __FILE__, __LINE__);
                if (std::abs(after[b][f][t].item<float>() - mean) > 1e-4f)
                    QTest::qFail("a masked cell does not hold the clip's mean", __FILE__, __LINE__);
            }
    return m;
}

// Lengths of the runs of consecutive values in `s`.
std::vector<int64_t> runLengths(const std::set<int64_t>& s)
{
    std::vector<int64_t> runs;
    int64_t previous = -2;
    for (int64_t v : s) {
        if (v == previous + 1)
            ++runs.back();
        else
            runs.push_back(1);
        previous = v;
    }
    return runs;
}
} // namespace

class TestSpecAugment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void offLeavesTheBatch()
    {
        const SpecAugment off(TrainConfig{}, kFramesPerSecond);
        QVERIFY(!off.enabled());
        const auto x = logMel(2);
        QVERIFY(off.apply(x, {0, 1}, 0).is_same(x));
    }

    void masksAreWholeBandsAndSpansOfTheClipsMean()
    {
        const SpecAugment augment(augmented(), kFramesPerSecond);
        const auto x = logMel(16);
        std::vector<int64_t> rows(16);
        for (int64_t i = 0; i < 16; ++i)
            rows[size_t(i)] = 100 + i;
        const auto y = augment.apply(x, rows, 0);
        QCOMPARE(y.sizes(), x.sizes());
        int64_t widestBand = 0, widestSpan = 0;
        for (int64_t b = 0; b < 16; ++b) {
            const Masked m = maskedOf(x, y, b);
            // Two masks may overlap or touch: a run is at most two masks wide.
            for (int64_t run : runLengths(m.bands)) {
                QVERIFY(run <= 2 * 6);
                widestBand = std::max(widestBand, run);
            }
            for (int64_t run : runLengths(m.frames)) {
                QVERIFY(run <= 2 * 20);
                widestSpan = std::max(widestSpan, run);
            }
            QVERIFY(m.bands.size() <= 12 && m.frames.size() <= 40);
        }
        // Over 16 clips (64 draws of width in 0..max) some mask reaches at least most of its maximum.
        QVERIFY2(widestBand >= 5, qPrintable(QString::number(widestBand)));
        QVERIFY2(widestSpan >= 15, qPrintable(QString::number(widestSpan)));
    }

    void masksFollowSeedEpochAndRowNotBatchOrder()
    {
        const SpecAugment augment(augmented(), kFramesPerSecond);
        const auto x = logMel(2);
        const auto ab = augment.apply(x, {7, 9}, 4);
        // The same two clips in the other order: each keeps its own masks.
        const auto ba = augment.apply(x.flip(0), {9, 7}, 4);
        QVERIFY(torch::equal(ab[0], ba[1]));
        QVERIFY(torch::equal(ab[1], ba[0]));
        // Deterministic, and different for another epoch or seed.
        QVERIFY(torch::equal(ab, augment.apply(x, {7, 9}, 4)));
        QVERIFY(!torch::equal(ab, augment.apply(x, {7, 9}, 5)));
        QVERIFY(!torch::equal(ab, SpecAugment(augmented(4), kFramesPerSecond).apply(x, {7, 9}, 4)));
    }

    void onlyTheAxesAsked()
    {
        TrainConfig c = augmented();
        c.specAugmentTimeMasks = 0;
        const SpecAugment bandsOnly(c, kFramesPerSecond);
        const auto x = logMel(8);
        const auto y = bandsOnly.apply(x, {0, 1, 2, 3, 4, 5, 6, 7}, 1);
        bool anyBand = false;
        for (int64_t b = 0; b < 8; ++b) {
            const Masked m = maskedOf(x, y, b);
            anyBand = anyBand || !m.bands.empty();
            QVERIFY(m.frames.empty());
        }
        QVERIFY(anyBand);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestSpecAugment)
#include "tst_SpecAugment.moc"
