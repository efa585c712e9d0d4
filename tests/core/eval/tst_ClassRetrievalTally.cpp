// ClassRetrievalTally: chance levels against an enumeration of every placement of the relevant items
// (a uniformly random ranking places them on each set of positions equally often), hit rates and the
// heard / never-heard split against hand counts, the median and the most frequent first item.
#include "eval/ClassRetrievalTally.h"

#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace soundframe;

namespace {
// Every way to choose `relevant` of `items` positions: P(best position < k) and E[best position + 1].
std::pair<std::vector<double>, double> enumerate(int items, int relevant, const std::vector<int>& cuts)
{
    std::vector<bool> chosen(size_t(items), false);
    std::fill(chosen.begin(), chosen.begin() + relevant, true);  // prev_permutation walks every subset
    std::vector<double> hits(cuts.size(), 0);
    double subsets = 0, rankSum = 0;
    do {
        const int first = int(std::find(chosen.begin(), chosen.end(), true) - chosen.begin());
        for (size_t j = 0; j < cuts.size(); ++j)
            hits[j] += first < cuts[j];
        rankSum += first + 1;
        ++subsets;
    } while (std::prev_permutation(chosen.begin(), chosen.end()));
    for (double& h : hits)
        h /= subsets;
    return {hits, rankSum / subsets};
}
} // namespace

class TestClassRetrievalTally : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void chanceMatchesEnumeration()
    {
        for (const auto& [items, relevant] : std::vector<std::pair<int, int>>{{12, 1}, {12, 3}, {15, 4}, {9, 9}, {7, 2}}) {
            const auto [hits, meanRank] = enumerate(items, relevant, {1, 5, 10});
            QVERIFY(std::abs(ClassRetrievalTally::chanceOfHit(items, relevant, 1) - hits[0]) < 1e-12);
            QVERIFY(std::abs(ClassRetrievalTally::chanceOfHit(items, relevant, 5) - hits[1]) < 1e-12);
            QVERIFY(std::abs(ClassRetrievalTally::chanceOfHit(items, relevant, 10) - hits[2]) < 1e-12);

            ClassRetrievalTally t;
            t.add(1, items, relevant, true);
            const auto j = t.toJson();
            QVERIFY(std::abs(j["chance_top5"].get<double>() - 100 * hits[1]) <= 0.05 + 1e-9);
            QVERIFY(std::abs(j["chance_mean_first_rank"].get<double>() - meanRank) <= 0.05 + 1e-9);
        }
    }

    void hitsSplitByHearing()
    {
        ClassRetrievalTally t;
        t.add(1, 100, 2, true, "a.ogg");    // hit at 1, 5, 10
        t.add(4, 100, 1, true, "b.ogg");    // hit at 5, 10
        t.add(10, 100, 1, false, "b.ogg");  // hit at 10, never heard
        t.add(50, 100, 3, false, "b.ogg");  // miss
        t.add(11, 100, 1, true, "a.ogg");   // miss
        const auto j = t.toJson();
        QCOMPARE(j["classes"].get<int>(), 5);
        QCOMPARE(j["classes_heard_in_training"].get<int>(), 3);
        QCOMPARE(j["top1"].get<double>(), 20.0);
        QCOMPARE(j["top5"].get<double>(), 40.0);
        QCOMPARE(j["top10"].get<double>(), 60.0);
        QCOMPARE(j["top10_heard_classes"].get<double>(), 66.7);    // 2 of 3
        QCOMPARE(j["top10_unheard_classes"].get<double>(), 50.0);  // 1 of 2
        QCOMPARE(j["mean_first_rank"].get<double>(), 15.2);        // (1 + 4 + 10 + 50 + 11) / 5
        QCOMPARE(j["median_first_rank"].get<double>(), 10.0);
        QCOMPARE(j["most_frequent_first"].get<std::string>(), std::string("b.ogg"));
        QCOMPARE(j["most_frequent_first_count"].get<int>(), 3);
    }

    void emptyTallyIsAllZero()
    {
        const auto j = ClassRetrievalTally().toJson();
        QCOMPARE(j["classes"].get<int>(), 0);
        QCOMPARE(j["top10"].get<double>(), 0.0);
        QCOMPARE(j["top10_unheard_classes"].get<double>(), 0.0);
        QCOMPARE(j["most_frequent_first"].get<std::string>(), std::string());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestClassRetrievalTally)
#include "tst_ClassRetrievalTally.moc"
