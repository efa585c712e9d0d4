// VectorStore: exact search against a brute-force cosine; HNSW and IVF-PQ recall@10 against exact
// on clustered vectors; IVF-PQ's exact re-ranking (recall and scores against a naive oracle, with
// codes too coarse to rank alone); adding and removing ids in place equals the naive oracle over
// what remains, also after save/load; ids and scores survive save/load; Auto picks exact below the limit.
#include "TestSupport.h"
#include "base/Error.h"
#include "search/VectorStore.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <map>
#include <cmath>
#include <random>
#include <set>

using namespace soundframe;

namespace {
// Unit vectors around `clusters` random centres, like embeddings of similar sounds.
std::vector<float> clustered(int64_t n, int dim, int clusters, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::mt19937 centreRng(7);
    std::vector<float> centres(size_t(clusters) * size_t(dim));
    for (auto& c : centres)
        c = normal(centreRng);
    std::vector<float> v(size_t(n) * size_t(dim));
    for (int64_t i = 0; i < n; ++i) {
        const size_t c = size_t(rng() % uint32_t(clusters));
        double norm = 0;
        for (int d = 0; d < dim; ++d) {
            float& x = v[size_t(i) * size_t(dim) + size_t(d)];
            x = centres[c * size_t(dim) + size_t(d)] + 0.7f * normal(rng);
            norm += double(x) * x;
        }
        for (int d = 0; d < dim; ++d)
            v[size_t(i) * size_t(dim) + size_t(d)] /= float(std::sqrt(norm));
    }
    return v;
}
} // namespace

class TestVectorStore : public QObject {
    Q_OBJECT

    static constexpr int kDim = 32;
    static constexpr int64_t kCount = 4000;
    std::vector<float> m_data = clustered(kCount, kDim, 50, 1);
    std::vector<float> m_queries = clustered(50, kDim, 50, 2);
    std::vector<int64_t> m_ids;

    // The naive oracle: the k best (dot, id) of query q over the rows whose id `keep` accepts.
    template <typename Keep>
    std::vector<std::pair<float, int64_t>> naiveTop(int q, int k, Keep keep) const
    {
        std::vector<std::pair<float, int64_t>> all;
        for (int64_t i = 0; i < kCount; ++i) {
            if (!keep(m_ids[size_t(i)]))
                continue;
            float dot = 0;
            for (int d = 0; d < kDim; ++d)
                dot += m_queries[size_t(q * kDim + d)] * m_data[size_t(i * kDim + d)];
            all.push_back({dot, m_ids[size_t(i)]});
        }
        std::partial_sort(all.begin(), all.begin() + k, all.end(), std::greater<>());
        all.resize(size_t(k));
        return all;
    }
    std::vector<std::pair<float, int64_t>> naiveTop(int q, int k) const
    {
        return naiveTop(q, k, [](int64_t) { return true; });
    }
    // recall@10 of `store` against the naive oracle over the ids `keep` accepts; checks that every
    // returned id is kept and, if `exactScores`, that its score is the naive dot product.
    template <typename Keep>
    double recallAgainstOracle(const VectorStore& store, Keep keep, bool exactScores) const
    {
        const auto got = store.search(m_queries.data(), 50, 10);
        int found = 0;
        for (int q = 0; q < 50; ++q) {
            std::map<int64_t, float> truth;
            for (const auto& [dot, id] : naiveTop(q, 10, keep))
                truth[id] = dot;
            for (const auto& h : got[size_t(q)]) {
                if (!keep(h.id))
                    qFatal("search returned removed id %lld", static_cast<long long>(h.id));
                const auto it = truth.find(h.id);
                if (it == truth.end())
                    continue;
                ++found;
                if (exactScores && std::abs(it->second - h.score) > 1e-4f)
                    qFatal("score %f of id %lld is not the exact %f", double(h.score), static_cast<long long>(h.id),
                           double(it->second));
            }
        }
        return found / 500.0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (int64_t i = 0; i < kCount; ++i)
            m_ids.push_back(1000 + 3 * i);  // ids are not row numbers
    }

    void exactSearchMatchesBruteForce()
    {
        VectorIndexOptions o;
        o.type = VectorIndexType::Flat;
        const auto store = VectorStore::build(m_data.data(), m_ids.data(), kCount, kDim, o);
        QCOMPARE(store.size(), kCount);
        QCOMPARE(store.type(), VectorIndexType::Flat);
        const auto hits = store.search(m_queries.data(), 50, 10);
        for (int q = 0; q < 50; ++q) {
            const auto all = naiveTop(q, 10);
            QCOMPARE(int(hits[size_t(q)].size()), 10);
            for (int j = 0; j < 10; ++j) {
                QVERIFY(std::abs(hits[size_t(q)][size_t(j)].score - all[size_t(j)].first) < 1e-4);
                if (j == 0)
                    QCOMPARE(hits[size_t(q)][0].id, all[0].second);
            }
        }
    }

    void approximateIndexesKeepRecall_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("hnsw") << "hnsw";
        QTest::newRow("ivfpq") << "ivfpq";
    }
    void approximateIndexesKeepRecall()
    {
        QFETCH(QString, type);
        VectorIndexOptions exact;
        exact.type = VectorIndexType::Flat;
        VectorIndexOptions o;
        o.type = parseVectorIndexType(type.toStdString());
        const auto reference = VectorStore::build(m_data.data(), m_ids.data(), kCount, kDim, exact);
        const auto store = VectorStore::build(m_data.data(), m_ids.data(), kCount, kDim, o);
        QCOMPARE(vectorIndexTypeName(store.type()), type.toStdString());
        const auto want = reference.search(m_queries.data(), 50, 10);
        const auto got = store.search(m_queries.data(), 50, 10);
        int found = 0;
        for (int q = 0; q < 50; ++q) {
            std::set<int64_t> truth;
            for (const auto& h : want[size_t(q)])
                truth.insert(h.id);
            for (const auto& h : got[size_t(q)])
                found += int(truth.count(h.id));
        }
        const double recall = found / 500.0;
        qInfo("%s recall@10 = %.3f", qPrintable(type), recall);
        QVERIFY2(recall >= 0.9, qPrintable(QString::number(recall)));
    }

    void ivfPqReRanksWithExactVectors()
    {
        // 4-byte codes for 32 dimensions rank poorly alone; re-ranking 10 x k candidates with the
        // exact vectors restores recall and gives exact scores.
        VectorIndexOptions o;
        o.type = VectorIndexType::IvfPq;
        o.pqBytes = 4;
        o.ivfRefine = 0;
        const auto all = [](int64_t) { return true; };
        const auto coarse = VectorStore::build(m_data.data(), m_ids.data(), kCount, kDim, o);
        const double pqOnly = recallAgainstOracle(coarse, all, false);
        o.ivfRefine = 10;
        const auto refined = VectorStore::build(m_data.data(), m_ids.data(), kCount, kDim, o);
        const double reRanked = recallAgainstOracle(refined, all, true);
        qInfo("recall@10: PQ alone %.3f, re-ranked %.3f", pqOnly, reRanked);
        QVERIFY2(pqOnly < 0.9, qPrintable(QString::number(pqOnly)));  // else this test proves nothing
        QVERIFY2(reRanked >= 0.95, qPrintable(QString::number(reRanked)));
        // The exact vectors are saved with the codes.
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.filePath("ivf.faiss").toStdString());
        refined.save(file);
        const auto loaded = VectorStore::load(file, o);
        QCOMPARE(loaded.type(), VectorIndexType::IvfPq);
        QCOMPARE(recallAgainstOracle(loaded, all, true), reRanked);
    }

    void addAndRemoveInPlace_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("flat") << "flat";
        QTest::newRow("ivfpq") << "ivfpq";
        QTest::newRow("hnsw") << "hnsw";
    }
    void addAndRemoveInPlace()
    {
        QFETCH(QString, type);
        VectorIndexOptions o;
        o.type = parseVectorIndexType(type.toStdString());
        const int64_t first = 3000;
        auto store = VectorStore::build(m_data.data(), m_ids.data(), first, kDim, o);
        store.add(m_data.data() + first * kDim, m_ids.data() + first, kCount - first);
        QCOMPARE(store.size(), kCount);
        const auto everything = [](int64_t) { return true; };
        QVERIFY(recallAgainstOracle(store, everything, o.type != VectorIndexType::Hnsw) >= 0.9);
        // Drop every third id, some of the first build and some of the added ones.
        std::vector<int64_t> gone;
        for (int64_t i = 0; i < kCount; i += 3)
            gone.push_back(m_ids[size_t(i)]);
        const std::set<int64_t> goneSet(gone.begin(), gone.end());
        const auto kept = [&](int64_t id) { return !goneSet.count(id); };
        if (o.type == VectorIndexType::Hnsw) {
            QVERIFY(!store.canRemove());
            QVERIFY(!store.remove(gone));  // the caller rebuilds
            QCOMPARE(store.size(), kCount);
            return;
        }
        QVERIFY(store.canRemove());
        QVERIFY(store.remove(gone));
        QCOMPARE(store.size(), kCount - int64_t(gone.size()));
        const double recall = recallAgainstOracle(store, kept, true);
        qInfo("%s recall@10 after add and remove = %.3f", qPrintable(type), recall);
        QVERIFY(recall >= (o.type == VectorIndexType::Flat ? 1.0 : 0.9));
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.filePath("v.faiss").toStdString());
        store.save(file);
        auto loaded = VectorStore::load(file, o);
        QCOMPARE(loaded.size(), store.size());
        QCOMPARE(recallAgainstOracle(loaded, kept, true), recall);
        // A loaded store goes on being updated in place.
        QVERIFY(loaded.remove({m_ids[1], m_ids[2]}));
        QCOMPARE(loaded.size(), store.size() - 2);
    }

    void saveLoadKeepsIdsAndType()
    {
        QTemporaryDir dir;
        VectorIndexOptions o;
        o.type = VectorIndexType::Hnsw;
        const auto store = VectorStore::build(m_data.data(), m_ids.data(), kCount, kDim, o);
        const auto file = std::filesystem::path(dir.filePath("v.faiss").toStdString());
        store.save(file);
        const auto loaded = VectorStore::load(file);
        QCOMPARE(loaded.type(), VectorIndexType::Hnsw);
        QCOMPARE(loaded.size(), kCount);
        const auto a = store.search(m_queries.data(), 3, 5);
        const auto b = loaded.search(m_queries.data(), 3, 5);
        for (size_t q = 0; q < 3; ++q)
            for (size_t j = 0; j < 5; ++j)
                QCOMPARE(a[q][j].id, b[q][j].id);
        QVERIFY_THROWS_EXCEPTION(Error, VectorStore::load(dir.filePath("missing.faiss").toStdString()));
    }

    void autoChoosesByCount()
    {
        VectorIndexOptions o;
        o.exactLimit = 1000;
        QCOMPARE(VectorStore::build(m_data.data(), m_ids.data(), 1000, kDim, o).type(), VectorIndexType::Flat);
        QCOMPARE(VectorStore::build(m_data.data(), m_ids.data(), 1001, kDim, o).type(), VectorIndexType::IvfPq);
        // Too few vectors to train IVF-PQ: exact instead; an empty store finds nothing.
        o.type = VectorIndexType::IvfPq;
        QCOMPARE(VectorStore::build(m_data.data(), m_ids.data(), 20, kDim, o).type(), VectorIndexType::Flat);
        const auto empty = VectorStore::build(nullptr, nullptr, 0, kDim, o);
        QVERIFY(empty.search(m_queries.data(), 1, 5)[0].empty());
        QVERIFY_THROWS_EXCEPTION(Error, parseVectorIndexType("lsh"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestVectorStore)
#include "tst_VectorStore.moc"
