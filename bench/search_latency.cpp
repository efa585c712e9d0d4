// Benchmark: library-search query latency (p50, p99) for each FAISS index type against exact
// search, and the approximate indexes' recall@10 against exact, at several index sizes.
//
//   build/bench/soundframe-bench search_latency [--sizes 10000,100000,1000000] [--dim 512] [--queries 300]
//                                               [--types flat,hnsw,ivfpq] [--ef-search 128] [--nprobe 16,32]
//                                               [--refine 10] [--flat-queries 100] [--out search_latency.json]
//
// Vectors are synthetic: unit vectors around 1000 random centres (like embeddings of many kinds of
// sound), queries drawn from the same distribution with another seed, so no query is in the index.
// Each query is one search call (k = 10) on one thread, as `soundframe-cli search` does; builds use
// all OpenMP threads. --refine: IVF-PQ candidates per hit re-ranked exactly (0: PQ scores only).
// --ef-search, --nprobe and --refine take lists: each index is built once and timed with every
// setting. The exact top 10 of every query comes from one batched exact search; the flat type's
// single-query latency is timed on the first --flat-queries queries. Figures, not a pass/fail test.
#include "Benchmarks.h"

#include "search/VectorStore.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>

namespace soundframe::bench::search_latency {

using Clock = std::chrono::steady_clock;

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

std::vector<int> numbers(const std::string& s);

std::vector<std::string> split(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ','))
        out.push_back(item);
    return out;
}
std::vector<int> numbers(const std::string& s)
{
    std::vector<int> out;
    for (const auto& item : split(s))
        out.push_back(std::atoi(item.c_str()));
    return out;
}

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) * 1e-6;
}

struct Timed {
    std::vector<double> wallMs, cpuMs;
    std::vector<std::set<int64_t>> found;
};

// Times one search call per query (k = 10), wall clock and the calling thread's CPU time (which a
// busy machine does not inflate: single-query searches run on the calling thread).
Timed timeQueries(const VectorStore& store, const float* queries, int count, int dim)
{
    Timed t;
    for (int q = 0; q < count; ++q) {
        const auto start = Clock::now();
        const double cpu = threadCpuMs();
        const auto hits = store.search(queries + size_t(q) * size_t(dim), 1, 10);
        t.cpuMs.push_back(threadCpuMs() - cpu);
        t.wallMs.push_back(secondsSince(start) * 1000);
        std::set<int64_t> ids;
        for (const auto& h : hits[0])
            ids.insert(h.id);
        t.found.push_back(ids);
    }
    return t;
}

double loadAverage()
{
    std::ifstream in("/proc/loadavg");
    double load = -1;
    in >> load;
    return load;
}

int run(int argc, char** argv)
{
    std::vector<std::string> sizes{"10000", "100000"};
    std::vector<std::string> types{"flat", "hnsw", "ivfpq"};
    int dim = 512, queries = 300, flatQueries = 100;
    std::vector<int> efSearch{128}, nprobe{32}, refine{10};
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
            efSearch = numbers(value);
        else if (flag == "--nprobe")
            nprobe = numbers(value);
        else if (flag == "--refine")
            refine = numbers(value);
        else if (flag == "--flat-queries")
            flatQueries = std::atoi(value.c_str());
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

    nlohmann::json report = {{"dim", dim}, {"queries", queries}, {"k", 10}, {"runs", nlohmann::json::array()}};
    for (const auto& sizeText : sizes) {
        const int64_t n = std::stoll(sizeText);
        const auto data = clustered(n, dim, centres, 7);
        std::vector<int64_t> ids(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i)
            ids[size_t(i)] = i;
        VectorIndexOptions exact = options;
        exact.type = VectorIndexType::Flat;
        auto start = Clock::now();
        const VectorStore flat = VectorStore::build(data.data(), ids.data(), n, dim, exact);
        const double flatBuildSeconds = secondsSince(start);
        std::vector<std::set<int64_t>> truth;
        for (const auto& hits : flat.search(queryData.data(), queries, 10)) {
            truth.emplace_back();
            for (const auto& h : hits)
                truth.back().insert(h.id);
        }
        const auto recallOf = [&](const std::vector<std::set<int64_t>>& found) {
            int64_t hit = 0;
            for (size_t q = 0; q < found.size(); ++q)
                for (int64_t id : found[q])
                    hit += int64_t(truth[q].count(id));
            return double(hit) / (10.0 * double(found.size()));
        };
        const auto record = [&](nlohmann::json run, double buildSeconds, const Timed& t) {
            run["vectors"] = n;
            run["build_s"] = buildSeconds;
            run["queries"] = t.found.size();
            run["p50_ms"] = percentile(t.wallMs, 0.5);
            run["p99_ms"] = percentile(t.wallMs, 0.99);
            run["p50_cpu_ms"] = percentile(t.cpuMs, 0.5);
            run["p99_cpu_ms"] = percentile(t.cpuMs, 0.99);
            run["recall_at_10"] = recallOf(t.found);
            run["load_average"] = loadAverage();
            std::cout << run.dump() << std::endl;
            report["runs"].push_back(run);
        };
        for (const auto& typeName : types) {
            VectorIndexOptions o = options;
            o.type = parseVectorIndexType(typeName);
            if (o.type == VectorIndexType::Flat) {
                record({{"type", "flat"}}, flatBuildSeconds, timeQueries(flat, queryData.data(), std::min(queries, flatQueries), dim));
                continue;
            }
            start = Clock::now();
            VectorStore store = VectorStore::build(data.data(), ids.data(), n, dim, o);
            const double buildSeconds = secondsSince(start);
            if (store.type() == VectorIndexType::Hnsw) {
                for (int ef : efSearch) {
                    store.setSearchParameters(ef, o.ivfProbe, o.ivfRefine);
                    record({{"type", "hnsw"}, {"ef_search", ef}}, buildSeconds, timeQueries(store, queryData.data(), queries, dim));
                }
            } else {
                for (int probe : nprobe) {
                    for (int factor : refine) {
                        store.setSearchParameters(o.hnswEfSearch, probe, factor);
                        record({{"type", vectorIndexTypeName(store.type())}, {"nprobe", probe}, {"refine", factor}},
                               buildSeconds, timeQueries(store, queryData.data(), queries, dim));
                    }
                }
            }
        }
    }
    std::ofstream(out) << report.dump(1) << "\n";
    return 0;
}

} // namespace soundframe::bench::search_latency
