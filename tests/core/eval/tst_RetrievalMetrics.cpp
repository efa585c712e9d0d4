// retrievalScores against hand-worked cases and a naive sort-based oracle (ties, several relevant items).
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "base/Error.h"
#include "eval/RetrievalMetrics.h"

#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

using namespace soundframe;

namespace {
// Full sort of gallery row `i` with the documented tie rule: higher score first, then irrelevant
// before relevant, then gallery order.
std::vector<int64_t> oracleOrder(const torch::Tensor& m, int64_t i, const std::vector<int64_t>& relevant)
{
    std::vector<int64_t> order(static_cast<size_t>(m.size(1)), 0);
    std::iota(order.begin(), order.end(), 0);
    const auto rel = [&](int64_t item) { return std::find(relevant.begin(), relevant.end(), item) != relevant.end(); };
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        const double sa = m[i][a].item<double>(), sb = m[i][b].item<double>();
        if (sa != sb)
            return sa > sb;
        if (rel(a) != rel(b))
            return !rel(a);
        return a < b;
    });
    return order;
}

RetrievalScores oracle(const torch::Tensor& sim, const std::vector<std::vector<int64_t>>& relevant)
{
    const auto m = sim.to(torch::kFloat64).contiguous();
    const int64_t q = m.size(0), g = m.size(1);
    double r1 = 0, r5 = 0, r10 = 0, ap = 0;
    std::vector<double> firsts;
    for (int64_t i = 0; i < q; ++i) {
        const auto order = oracleOrder(m, i, relevant[size_t(i)]);
        const auto rel = [&](int64_t item) {
            return std::find(relevant[size_t(i)].begin(), relevant[size_t(i)].end(), item) != relevant[size_t(i)].end();
        };
        int64_t first = 0, hits = 0;
        double precision = 0;
        for (int64_t pos = 0; pos < g; ++pos) {
            if (!rel(order[size_t(pos)]))
                continue;
            ++hits;
            if (!first)
                first = pos + 1;
            if (pos < 10)
                precision += double(hits) / double(pos + 1);
        }
        std::set<int64_t> distinct(relevant[size_t(i)].begin(), relevant[size_t(i)].end());
        ap += precision / double(std::min<size_t>(distinct.size(), 10));
        r1 += first <= 1;
        r5 += first <= 5;
        r10 += first <= 10;
        firsts.push_back(double(first));
    }
    std::sort(firsts.begin(), firsts.end());
    RetrievalScores s;
    s.queries = q;
    s.recallAt1 = 100 * r1 / q;
    s.recallAt5 = 100 * r5 / q;
    s.recallAt10 = 100 * r10 / q;
    s.mapAt10 = 100 * ap / q;
    const size_t mid = firsts.size() / 2;
    s.medianRank = firsts.size() % 2 ? firsts[mid] : (firsts[mid - 1] + firsts[mid]) / 2;
    s.meanRank = std::accumulate(firsts.begin(), firsts.end(), 0.0) / q;
    return s;
}

void compare(const RetrievalScores& a, const RetrievalScores& b)
{
    QCOMPARE(a.queries, b.queries);
    QVERIFY(std::abs(a.recallAt1 - b.recallAt1) < 1e-9);
    QVERIFY(std::abs(a.recallAt5 - b.recallAt5) < 1e-9);
    QVERIFY(std::abs(a.recallAt10 - b.recallAt10) < 1e-9);
    QVERIFY2(std::abs(a.mapAt10 - b.mapAt10) < 1e-9, qPrintable(QString("%1 vs %2").arg(a.mapAt10).arg(b.mapAt10)));
    QCOMPARE(a.medianRank, b.medianRank);
    QVERIFY(std::abs(a.meanRank - b.meanRank) < 1e-9);
}
} // namespace

class TestRetrievalMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handWorkedExample()
    {
        // Query 0: relevant item 2 ranks 1st. Query 1: relevant item 0 ranks 3rd.
        const auto sim = torch::tensor({{0.1, 0.2, 0.9}, {0.1, 0.5, 0.3}}).to(torch::kFloat32);
        const auto s = retrievalScores(sim, {{2}, {0}});
        QCOMPARE(s.recallAt1, 50.0);
        QCOMPARE(s.recallAt5, 100.0);
        QCOMPARE(s.medianRank, 2.0);
        QVERIFY(std::abs(s.mapAt10 - 100.0 * (1.0 + 1.0 / 3.0) / 2.0) < 1e-9);
    }

    void severalRelevantItemsUseDcaseAveragePrecision()
    {
        // Relevant items at ranks 1 and 3: AP@10 = (1/1 + 2/3) / 2.
        const auto sim = torch::tensor({{0.9, 0.8, 0.7, 0.1}});
        const auto s = retrievalScores(sim, {{0, 2}});
        QVERIFY(std::abs(s.mapAt10 - 100.0 * (1.0 + 2.0 / 3.0) / 2.0) < 1e-9);
        QCOMPARE(s.medianRank, 1.0);
    }

    void tiesCountAgainstTheQuery()
    {
        const auto sim = torch::tensor({{0.5, 0.5, 0.5}});
        QCOMPARE(relevantRanks(sim[0], {1}), (std::vector<int64_t>{3}));
        QCOMPARE(relevantRanks(sim[0], {1, 2}), (std::vector<int64_t>{2, 3}));
        QCOMPARE(retrievalScores(sim, {{0}}).recallAt1, 0.0);
    }

    void randomMatricesWithTiesMatchTheOracle()
    {
        std::mt19937 rng(11);
        for (int trial = 0; trial < 20; ++trial) {
            const int q = 1 + int(rng() % 30), g = 1 + int(rng() % 40);
            // Few distinct values, so ties are everywhere.
            const auto sim = torch::randint(0, 4, {q, g}).to(torch::kFloat32) / 4;
            std::vector<std::vector<int64_t>> relevant(static_cast<size_t>(q));
            for (auto& r : relevant) {
                const int n = 1 + int(rng() % std::min(g, 6));
                for (int k = 0; k < n; ++k)
                    r.push_back(int64_t(rng() % unsigned(g)));
            }
            compare(retrievalScores(sim, relevant), oracle(sim, relevant));
        }
    }

    // topRanked: the oracle's order cut at k, so a relevant item at position p has rank p + 1.
    void topRankedIsTheOraclesOrder()
    {
        const auto tied = torch::tensor({{0.5, 0.9, 0.5, 0.5}});
        QCOMPARE(topRanked(tied[0], {0}, 3), (std::vector<int64_t>{1, 2, 3}));  // relevant 0 after tied 2, 3
        QCOMPARE(topRanked(tied[0], {0}, 10).size(), size_t(4));                 // k beyond the gallery
        QVERIFY(topRanked(tied[0], {0}, 0).empty());
        QVERIFY_THROWS_EXCEPTION(Error, topRanked(tied[0], {4}, 3));
        std::mt19937 rng(12);
        for (int trial = 0; trial < 20; ++trial) {
            const int q = 1 + int(rng() % 20), g = 1 + int(rng() % 30);
            const auto sim = (torch::randint(0, 4, {q, g}).to(torch::kFloat32) / 4).to(torch::kFloat64);
            for (int64_t i = 0; i < q; ++i) {
                std::vector<int64_t> relevant;
                for (int n = 1 + int(rng() % std::min(g, 4)); n > 0; --n)
                    relevant.push_back(int64_t(rng() % unsigned(g)));
                const auto order = oracleOrder(sim, i, relevant);
                const int64_t k = 1 + int64_t(rng() % unsigned(g));
                QCOMPARE(topRanked(sim[i], relevant, k), std::vector<int64_t>(order.begin(), order.begin() + k));
                const auto full = topRanked(sim[i], relevant, g);
                std::vector<int64_t> positions;
                for (size_t p = 0; p < full.size(); ++p)
                    if (std::find(relevant.begin(), relevant.end(), full[p]) != relevant.end())
                        positions.push_back(int64_t(p) + 1);
                QCOMPARE(positions, relevantRanks(sim[i], relevant));
            }
        }
    }

    void captionsPerClipAsInAudioCaps()
    {
        // 4 clips x 5 captions: text->audio has 20 queries with one relevant clip each,
        // audio->text has 4 queries with five relevant captions each.
        torch::manual_seed(5);
        const auto audio = torch::randn({4, 8});
        const auto text = audio.repeat_interleave(5, 0) + 0.8 * torch::randn({20, 8});
        const auto sim = torch::matmul(text, audio.t());
        std::vector<std::vector<int64_t>> captionToClip, clipToCaptions(4, std::vector<int64_t>{});
        for (int64_t c = 0; c < 20; ++c) {
            captionToClip.push_back({c / 5});
            clipToCaptions[size_t(c / 5)].push_back(c);
        }
        compare(retrievalScores(sim, captionToClip), oracle(sim, captionToClip));
        compare(retrievalScores(sim.t(), clipToCaptions), oracle(sim.t(), clipToCaptions));
    }

    void errors()
    {
        QVERIFY_THROWS_EXCEPTION(Error, retrievalScores(torch::zeros({2, 3}), {{0}}));
        QVERIFY_THROWS_EXCEPTION(Error, retrievalScores(torch::zeros({1, 3}), {{}}));
        QVERIFY_THROWS_EXCEPTION(Error, retrievalScores(torch::zeros({1, 3}), {{3}}));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestRetrievalMetrics)
#include "tst_RetrievalMetrics.moc"
