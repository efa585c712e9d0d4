#include "VectorStore.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexRefine.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace soundframe {

namespace {
namespace fs = std::filesystem;

faiss::Index* inner(faiss::Index* index)
{
    if (auto* map = dynamic_cast<faiss::IndexIDMap*>(index))
        return map->index;
    return index;
}

// FAISS parallelises over queries: a single query gains nothing from OpenMP workers, and their
// start-up and spinning cost milliseconds on a busy machine. The setting is per calling thread.
class SingleQueryThreads {
public:
    explicit SingleQueryThreads(int64_t count) : m_threads(omp_get_max_threads())
    {
        if (count == 1)
            omp_set_num_threads(1);
    }
    ~SingleQueryThreads() { omp_set_num_threads(m_threads); }

private:
    int m_threads;
};

// The k nearest of `count` queries by L2: distances and labels, [count, k] each (label -1: none).
std::pair<std::vector<float>, std::vector<faiss::Index::idx_t>> nearest(const faiss::Index& index, const float* queries,
                                                                       int64_t count, int k)
{
    std::pair<std::vector<float>, std::vector<faiss::Index::idx_t>> out;
    out.first.resize(size_t(count) * size_t(k));
    out.second.resize(size_t(count) * size_t(k));
    const SingleQueryThreads threads(count);
    try {
        index.search(count, queries, k, out.first.data(), out.second.data());
    } catch (const faiss::FaissException& e) {
        throw Error(std::string("vector index"), std::string("FAISS search: ") + e.what());
    }
    return out;
}

int ivfLists(int64_t n, const VectorIndexOptions& options)
{
    const int lists = options.ivfLists > 0 ? options.ivfLists : int(std::lround(std::sqrt(double(std::max<int64_t>(n, 1)))));
    return int(std::min<int64_t>(lists, n / 40));
}

VectorIndexType detectType(faiss::Index* index)
{
    faiss::Index* in = inner(index);
    if (dynamic_cast<faiss::IndexHNSW*>(in))
        return VectorIndexType::Hnsw;
    if (auto* refine = dynamic_cast<faiss::IndexRefine*>(in))
        in = refine->base_index;
    if (dynamic_cast<faiss::IndexIVFPQ*>(in))
        return VectorIndexType::IvfPq;
    return VectorIndexType::Flat;
}
} // namespace

VectorIndexType parseVectorIndexType(const std::string& name)
{
    if (name == "auto")
        return VectorIndexType::Auto;
    if (name == "flat" || name == "exact")
        return VectorIndexType::Flat;
    if (name == "hnsw")
        return VectorIndexType::Hnsw;
    if (name == "ivfpq" || name == "ivf-pq")
        return VectorIndexType::IvfPq;
    throw Error(std::string("index type"), "'" + name + "' is not one of auto, flat, hnsw, ivfpq");
}

std::string vectorIndexTypeName(VectorIndexType type)
{
    switch (type) {
    case VectorIndexType::Auto: return "auto";
    case VectorIndexType::Flat: return "flat";
    case VectorIndexType::Hnsw: return "hnsw";
    case VectorIndexType::IvfPq: return "ivfpq";
    }
    return "?";
}

VectorStore::VectorStore() = default;
VectorStore::~VectorStore() = default;
VectorStore::VectorStore(VectorStore&&) noexcept = default;
VectorStore& VectorStore::operator=(VectorStore&&) noexcept = default;

VectorIndexType VectorStore::resolvedType(int64_t n, const VectorIndexOptions& options)
{
    VectorIndexType type = options.type;
    if (type == VectorIndexType::Auto)
        // Above the limit IVF-PQ: its build (PQ training on a sample, then cheap encoding) stays minutes
        // at 1M vectors on 2 cores, where an HNSW graph takes hours (bench/README.md).
        type = n <= options.exactLimit ? VectorIndexType::Flat : VectorIndexType::IvfPq;
    // Product quantisation needs training data: fall back to exact search for small sets.
    if (type == VectorIndexType::IvfPq && ivfLists(n, options) < 1)
        type = VectorIndexType::Flat;
    return type;
}

VectorStore VectorStore::build(const float* vectors, const int64_t* ids, int64_t n, int dim, const VectorIndexOptions& options)
{
    if (dim < 1 || n < 0)
        throw Error(std::string("vector index"), "bad size " + std::to_string(n) + " x " + std::to_string(dim));
    const VectorIndexType type = resolvedType(n, options);
    VectorStore store;
    store.m_type = type;
    store.m_efSearch = options.hnswEfSearch;
    store.m_refine = std::max(0, options.ivfRefine);
    try {
        if (type == VectorIndexType::IvfPq) {
            const int lists = ivfLists(n, options);
            int bytes = options.pqBytes > 0 ? options.pqBytes : (dim % 4 == 0 ? dim / 4 : (dim % 2 == 0 ? dim / 2 : dim));
            if (dim % bytes != 0)
                throw Error(std::string("vector index"), "IVF-PQ code bytes " + std::to_string(bytes) + " must divide the dimension "
                                                + std::to_string(dim));
            auto* quantizer = new faiss::IndexFlatL2(dim);
            auto ivf = std::make_unique<faiss::IndexIVFPQ>(quantizer, dim, size_t(lists), size_t(bytes), 8);
            ivf->own_fields = true;
            // Training cost grows with lists x sample x dim x iterations: 64 points per centroid and
            // 10 iterations keep a 1M-vector build to minutes on 2 cores.
            ivf->cp.niter = 10;
            ivf->cp.max_points_per_centroid = 64;
            ivf->pq.cp.niter = 10;
            ivf->pq.cp.max_points_per_centroid = 64;
            ivf->nprobe = size_t(std::min(options.ivfProbe, lists));
            ivf->train(n, vectors);
            // The IVF lists hold the caller's ids, so removal needs no id map; the exact vectors sit
            // beside them for re-ranking (PQ distances alone lose recall@10 on dense clusters).
            store.m_index = std::move(ivf);
            if (store.m_refine > 0)
                store.m_exact = std::make_unique<faiss::IndexIDMap2>(new faiss::IndexFlatL2(dim));
            if (store.m_exact)
                static_cast<faiss::IndexIDMap2*>(store.m_exact.get())->own_fields = true;
        } else {
            faiss::Index* base = nullptr;
            if (type == VectorIndexType::Flat) {
                base = new faiss::IndexFlatL2(dim);
            } else {
                auto* hnsw = new faiss::IndexHNSWFlat(dim, options.hnswM);
                hnsw->hnsw.efConstruction = options.hnswEfConstruction;
                hnsw->hnsw.efSearch = options.hnswEfSearch;
                base = hnsw;
            }
            auto* map = new faiss::IndexIDMap(base);
            map->own_fields = true;
            store.m_index.reset(map);
        }
    } catch (const faiss::FaissException& e) {
        throw Error(std::string("vector index"), std::string("FAISS: ") + e.what());
    }
    store.add(vectors, ids, n);
    return store;
}

void VectorStore::add(const float* vectors, const int64_t* ids, int64_t n)
{
    if (!m_index)
        throw Error(std::string("vector index"), "add to an empty store");
    if (n <= 0)
        return;
    try {
        m_index->add_with_ids(n, vectors, ids);
        if (m_exact)
            m_exact->add_with_ids(n, vectors, ids);
    } catch (const faiss::FaissException& e) {
        throw Error(std::string("vector index"), std::string("FAISS add: ") + e.what());
    }
}

bool VectorStore::canRemove() const
{
    if (!m_index)
        return false;
    // HNSW graphs cannot drop nodes; an IVF-PQ saved before the ids moved into its lists (wrapped in
    // IndexRefine) cannot either.
    return m_type == VectorIndexType::Flat || (m_type == VectorIndexType::IvfPq && !dynamic_cast<faiss::IndexIDMap*>(m_index.get()));
}

bool VectorStore::remove(const std::vector<int64_t>& ids)
{
    if (!canRemove())
        return false;
    if (ids.empty())
        return true;
    try {
        const faiss::IDSelectorBatch selector(ids.size(), ids.data());
        m_index->remove_ids(selector);
        if (m_exact)
            m_exact->remove_ids(selector);
    } catch (const faiss::FaissException& e) {
        throw Error(std::string("vector index"), std::string("FAISS remove: ") + e.what());
    }
    return true;
}

VectorStore VectorStore::load(const fs::path& file, const VectorIndexOptions& options)
{
    VectorStore store;
    std::FILE* in = std::fopen(file.string().c_str(), "rb");
    if (!in)
        throw Error(file, "cannot read the vector index: no such file or no permission");
    try {
        faiss::FileIOReader reader(in);
        store.m_index.reset(faiss::read_index(&reader));
        // An IVF-PQ store is followed by its exact vectors.
        const int next = std::fgetc(in);
        if (next != EOF) {
            std::ungetc(next, in);
            store.m_exact.reset(faiss::read_index(&reader));
        }
    } catch (const faiss::FaissException& e) {
        std::fclose(in);
        throw Error(file, std::string("cannot read the vector index: ") + e.what());
    }
    std::fclose(in);
    store.m_type = detectType(store.m_index.get());
    store.setSearchParameters(options.hnswEfSearch, options.ivfProbe, options.ivfRefine);
    return store;
}

void VectorStore::save(const fs::path& file) const
{
    if (!m_index)
        throw Error(file, "no vector index to save");
    const fs::path temporary = temporarySibling(file);
    try {
        faiss::FileIOWriter writer(temporary.string().c_str());
        faiss::write_index(m_index.get(), &writer);
        if (m_exact)
            faiss::write_index(m_exact.get(), &writer);
    } catch (const faiss::FaissException& e) {
        std::error_code ec;
        fs::remove(temporary, ec);
        throw Error(file, std::string("cannot write the vector index: ") + e.what());
    }
    std::error_code ec;
    fs::rename(temporary, file, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw Error(file, "cannot replace: " + ec.message());
    }
}

int64_t VectorStore::size() const { return m_index ? int64_t(m_index->ntotal) : 0; }
int VectorStore::dim() const { return m_index ? int(m_index->d) : 0; }

void VectorStore::setSearchParameters(int hnswEfSearch, int ivfProbe, int ivfRefine)
{
    m_refine = std::max(0, ivfRefine);
    if (!m_index)
        return;
    faiss::Index* in = inner(m_index.get());
    if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(in))
        hnsw->hnsw.efSearch = hnswEfSearch;
    if (auto* refine = dynamic_cast<faiss::IndexRefine*>(in))
        in = refine->base_index;
    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(in))
        ivf->nprobe = size_t(std::max(1, std::min<int>(ivfProbe, int(ivf->nlist))));
    m_efSearch = hnswEfSearch;
}

std::vector<std::vector<VectorStore::Hit>> VectorStore::search(const float* queries, int64_t count, int k) const
{
    std::vector<std::vector<Hit>> out(size_t(std::max<int64_t>(count, 0)));
    if (!m_index || m_index->ntotal == 0 || count <= 0 || k <= 0)
        return out;
    k = int(std::min<int64_t>(k, m_index->ntotal));
    if (m_exact && m_refine > 0)
        return searchRefined(queries, count, k);
    const auto [distances, labels] = nearest(*m_index, queries, count, k);
    for (int64_t q = 0; q < count; ++q) {
        for (int j = 0; j < k; ++j) {
            const size_t at = size_t(q) * size_t(k) + size_t(j);
            if (labels[at] < 0)
                continue;
            out[size_t(q)].push_back({int64_t(labels[at]), 1.0f - distances[at] / 2.0f});
        }
    }
    return out;
}

std::vector<std::vector<VectorStore::Hit>> VectorStore::searchRefined(const float* queries, int64_t count, int k) const
{
    std::vector<std::vector<Hit>> out(static_cast<size_t>(count));
    const int candidates = int(std::min<int64_t>(int64_t(k) * m_refine, m_index->ntotal));
    const auto labels = nearest(*m_index, queries, count, candidates).second;
    const auto& exact = static_cast<const faiss::IndexIDMap2&>(*m_exact);
    const float* rows = static_cast<const faiss::IndexFlat&>(*exact.index).get_xb();
    const int dim = int(m_index->d);
    std::vector<std::pair<float, int64_t>> ranked;
    for (int64_t q = 0; q < count; ++q) {
        ranked.clear();
        const float* query = queries + size_t(q) * size_t(dim);
        for (int j = 0; j < candidates; ++j) {
            const auto label = labels[size_t(q) * size_t(candidates) + size_t(j)];
            const auto row = label < 0 ? exact.rev_map.end() : exact.rev_map.find(label);
            if (row == exact.rev_map.end())
                continue;
            ranked.push_back({faiss::fvec_L2sqr(query, rows + size_t(row->second) * size_t(dim), size_t(dim)), int64_t(label)});
        }
        const size_t keep = std::min(ranked.size(), size_t(k));
        std::partial_sort(ranked.begin(), ranked.begin() + std::ptrdiff_t(keep), ranked.end());
        for (size_t j = 0; j < keep; ++j)
            out[size_t(q)].push_back({ranked[j].second, 1.0f - ranked[j].first / 2.0f});
    }
    return out;
}

} // namespace soundframe
