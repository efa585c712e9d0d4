// EpochPlan: batches are a pure function of (seed, epoch), cover an epoch without repeats, split
// into disjoint contiguous rank shares, and draws are deterministic and uniform.
#include "base/Error.h"
#include "train/EpochPlan.h"

#include <QtTest>

#include "TestRegistry.h"

#include <map>
#include <set>

using namespace soundframe;

class TestEpochPlan : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deterministicPerSeedAndEpoch()
    {
        const EpochPlan a(50, 8, 3), b(50, 8, 3), other(50, 8, 4);
        QCOMPARE(a.batchesPerEpoch(), int64_t(6));
        for (int epoch = 0; epoch < 3; ++epoch)
            for (int64_t batch = 0; batch < a.batchesPerEpoch(); ++batch)
                QCOMPARE(a.globalBatch(epoch, batch), b.globalBatch(epoch, batch));
        QVERIFY(a.globalBatch(0, 0) != a.globalBatch(1, 0));
        QVERIFY(a.globalBatch(0, 0) != other.globalBatch(0, 0));
    }

    void epochCoversItemsOnce()
    {
        const EpochPlan plan(50, 8, 9);
        for (int epoch = 0; epoch < 4; ++epoch) {
            std::set<int64_t> seen;
            for (int64_t batch = 0; batch < plan.batchesPerEpoch(); ++batch)
                for (auto item : plan.globalBatch(epoch, batch)) {
                    QVERIFY(item >= 0 && item < 50);
                    QVERIFY2(seen.insert(item).second, "an item twice in one epoch");
                }
            QCOMPARE(seen.size(), size_t(48));  // the last incomplete batch is dropped
        }
    }

    void rankSharesAreDisjointAndContiguous()
    {
        const int world = 4;
        std::vector<EpochPlan> ranks;
        for (int r = 0; r < world; ++r)
            ranks.emplace_back(40, 8, 5, r, world);
        for (int64_t batch = 0; batch < ranks[0].batchesPerEpoch(); ++batch) {
            std::vector<int64_t> joined;
            for (const auto& plan : ranks) {
                const auto share = plan.localBatch(2, batch);
                QCOMPARE(share.size(), size_t(2));
                joined.insert(joined.end(), share.begin(), share.end());
            }
            QCOMPARE(joined, ranks[0].globalBatch(2, batch));
            QCOMPARE(std::set<int64_t>(joined.begin(), joined.end()).size(), size_t(8));
        }
        // A single process sees the same global batches.
        QCOMPARE(EpochPlan(40, 8, 5).globalBatch(2, 1), ranks[3].globalBatch(2, 1));
    }

    void drawsAreDeterministicAndUniform()
    {
        QCOMPARE(EpochPlan::draw(1, 2, 3, EpochPlan::kFrameSalt, 10), EpochPlan::draw(1, 2, 3, EpochPlan::kFrameSalt, 10));
        std::map<int64_t, int> counts;
        bool epochMatters = false, saltMatters = false;
        for (int64_t item = 0; item < 40000; ++item) {
            const auto d = EpochPlan::draw(7, 0, item, EpochPlan::kFrameSalt, 4);
            QVERIFY(d >= 0 && d < 4);
            ++counts[d];
            epochMatters = epochMatters || d != EpochPlan::draw(7, 1, item, EpochPlan::kFrameSalt, 4);
            saltMatters = saltMatters || d != EpochPlan::draw(7, 0, item, EpochPlan::kCaptionSalt, 4);
        }
        QVERIFY(epochMatters && saltMatters);
        for (const auto& [value, n] : counts)  // expected 10000 each; 5 sigma is about 430
            QVERIFY2(std::abs(n - 10000) < 500, qPrintable(QString("%1: %2").arg(value).arg(n)));
    }

    void invalidPlansAreErrors()
    {
        QVERIFY_THROWS_EXCEPTION(Error, EpochPlan(40, 6, 1, 0, 4));  // 6 is not a multiple of 4
        QVERIFY_THROWS_EXCEPTION(Error, EpochPlan(5, 8, 1));         // fewer clips than a batch
        QVERIFY_THROWS_EXCEPTION(Error, EpochPlan(40, 0, 1));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestEpochPlan)
#include "tst_EpochPlan.moc"
