// Benchmark: library-search query latency (p50, p99) for each FAISS index type against exact
// search, and the approximate indexes' recall@10 against exact, at several index sizes.
//
//   build/bench/search_latency [--sizes 10000,100000,1000000] [--dim 512] [--queries 300]
//                              [--types flat,hnsw,ivfpq] [--ef-search 128] [--nprobe 32] [--out search_latency.json]
//
// Vectors are synthetic: unit vectors around 1000 random centres (like embeddings of many kinds of
// sound), queries drawn from the same distribution. Each query is one search call (k = 10), as
// `soundframe-cli search` does. Figures, not a pass/fail test; FAISS uses all OpenMP threads.
#include "search/VectorStore.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>

using namespace soundframe;
using Clock = std::chrono::steady_clock;

namespace {
double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::vector<float> clustered(int64_t n, int dim, const std::vector<float>& centres, uint32_t seed)
{
    const int64_t clusters = int64_t(centres.size()) / dim;
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    std::vector<float> v(size_t(n) * size_t(dim));
    for (int64_t i = 0; i < n; ++i) {
        const size_t c = size_t(rng() % uint64_t(clusters));
        float* row = v.data() + size_t(i) * size_t(dim);
        double norm = 0;
        for (int d = 0; d < dim; ++d) {
            row[d] = centres[c * size_t(dim) + size_t(d)] + 0.8f * normal(rng);
            norm += double(row[d]) * row[d];
        }
        const float s = float(1 / std::sqrt(norm));
        for (int d = 0; d < dim; ++d)
            row[d] *= s;
    }
    return v;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

std::vector<std::string> split(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ','))
        out.push_back(item);
    return out;
}
} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> sizes{"10000", "100000"};
    std::vector<std::string> types{"flat", "hnsw", "ivfpq"};
    int dim = 512, queries = 300;
    VectorIndexOptions options;
    std::string out = "search_latency.json";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--sizes")
            sizes = split(value);
        else if (flag == "--types")
            types = split(value);
        else if (flag == "--dim")
            dim = std::atoi(value.c_str());
        else if (flag == "--queries")
            queries = std::atoi(value.c_str());
        else if (flag == "--ef-search")
            options.hnswEfSearch = std::atoi(value.c_str());
        else if (flag == "--nprobe")
            options.ivfProbe = std::atoi(value.c_str());
        else if (flag == "--out")
            out = value;
        else {
            std::cerr << "unknown option " << flag << "\n";
            return 2;
        }
    }
    std::mt19937 centreRng(1);
    std::normal_distribution<float> normal;
    std::vector<float> centres(size_t(1000) * size_t(dim));
    for (auto& c : centres)
        c = normal(centreRng);
    const auto queryData = clustered(queries, dim, centres, 99);

    nlohmann::json report = {{"dim", dim}, {"queries", queries}, {"k", 10}, {"ef_search", options.hnswEfSearch},
                             {"nprobe", options.ivfProbe}, {"runs", nlohmann::json::array()}};
    for (const auto& sizeText : sizes) {
        const int64_t n = std::stoll(sizeText);
        const auto data = clustered(n, dim, centres, 7);
        std::vector<int64_t> ids(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i)
            ids[size_t(i)] = i;
        std::vector<std::set<int64_t>> truth;
        for (const auto& typeName : types) {
            VectorIndexOptions o = options;
            o.type = parseVectorIndexType(typeName);
            auto start = Clock::now();
            const VectorStore store = VectorStore::build(data.data(), ids.data(), n, dim, o);
            const double buildSeconds = secondsSince(start);
            std::vector<double> latencies;
            std::vector<std::set<int64_t>> found;
            for (int q = 0; q < queries; ++q) {
                start = Clock::now();
                const auto hits = store.search(queryData.data() + size_t(q) * size_t(dim), 1, 10);
                latencies.push_back(secondsSince(start) * 1000);
                std::set<int64_t> s;
                for (const auto& h : hits[0])
                    s.insert(h.id);
                found.push_back(s);
            }
            if (store.type() == VectorIndexType::Flat && truth.empty())
                truth = found;
            double recall = -1;
            if (!truth.empty()) {
                int64_t hit = 0;
                for (int q = 0; q < queries; ++q)
                    for (int64_t id : found[size_t(q)])
                        hit += int64_t(truth[size_t(q)].count(id));
                recall = double(hit) / (10.0 * queries);
            }
            const nlohmann::json run = {{"vectors", n}, {"type", vectorIndexTypeName(store.type())},
                {"build_s", buildSeconds}, {"p50_ms", percentile(latencies, 0.5)}, {"p99_ms", percentile(latencies, 0.99)},
                {"recall_at_10", recall}};
            std::cout << run.dump() << std::endl;
            report["runs"].push_back(run);
        }
    }
    std::ofstream(out) << report.dump(1) << "\n";
    return 0;
}
