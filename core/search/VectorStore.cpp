#include "VectorStore.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexRefine.h>
#include <faiss/impl/FaissException.h>
#include <faiss/index_io.h>

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace soundframe {

namespace {
namespace fs = std::filesystem;

faiss::Index* inner(faiss::Index* index)
{
    if (auto* map = dynamic_cast<faiss::IndexIDMap*>(index))
        return map->index;
    return index;
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

VectorStore VectorStore::build(const float* vectors, const int64_t* ids, int64_t n, int dim, const VectorIndexOptions& options)
{
    if (dim < 1 || n < 0)
        throw Error(std::string("vector index"), "bad size " + std::to_string(n) + " x " + std::to_string(dim));
    VectorIndexType type = options.type;
    if (type == VectorIndexType::Auto)
        // Above the limit IVF-PQ: its build (PQ training on a sample, then cheap encoding) stays minutes
        // at 1M vectors on 2 cores, where an HNSW graph takes hours (bench/README.md).
        type = n <= options.exactLimit ? VectorIndexType::Flat : VectorIndexType::IvfPq;
    // Product quantisation needs training data: fall back to exact search for small sets.
    int lists = options.ivfLists > 0 ? options.ivfLists : int(std::lround(std::sqrt(double(std::max<int64_t>(n, 1)))));
    lists = int(std::min<int64_t>(lists, n / 40));
    if (type == VectorIndexType::IvfPq && lists < 1)
        type = VectorIndexType::Flat;

    VectorStore store;
    store.m_type = type;
    store.m_efSearch = options.hnswEfSearch;
    try {
        faiss::Index* base = nullptr;
        if (type == VectorIndexType::Flat) {
            base = new faiss::IndexFlatL2(dim);
        } else if (type == VectorIndexType::Hnsw) {
            auto* hnsw = new faiss::IndexHNSWFlat(dim, options.hnswM);
            hnsw->hnsw.efConstruction = options.hnswEfConstruction;
            hnsw->hnsw.efSearch = options.hnswEfSearch;
            base = hnsw;
        } else {
            int bytes = options.pqBytes > 0 ? options.pqBytes : (dim % 4 == 0 ? dim / 4 : (dim % 2 == 0 ? dim / 2 : dim));
            if (dim % bytes != 0)
                throw Error(std::string("vector index"), "IVF-PQ code bytes " + std::to_string(bytes) + " must divide the dimension "
                                                + std::to_string(dim));
            auto* quantizer = new faiss::IndexFlatL2(dim);
            auto* ivf = new faiss::IndexIVFPQ(quantizer, dim, size_t(lists), size_t(bytes), 8);
            ivf->own_fields = true;
            // Training cost grows with lists x sample x dim x iterations: 64 points per centroid and
            // 10 iterations keep a 1M-vector build to minutes on 2 cores.
            ivf->cp.niter = 10;
            ivf->cp.max_points_per_centroid = 64;
            ivf->pq.cp.niter = 10;
            ivf->pq.cp.max_points_per_centroid = 64;
            ivf->nprobe = size_t(std::min(options.ivfProbe, lists));
            // Re-rank the PQ candidates with the exact vectors: PQ alone loses recall@10.
            auto* refine = new faiss::IndexRefineFlat(ivf);
            refine->own_fields = true;
            refine->k_factor = 4;
            base = refine;
            base->train(n, vectors);
        }
        auto* map = new faiss::IndexIDMap(base);
        map->own_fields = true;
        store.m_index.reset(map);
        if (n > 0)
            store.m_index->add_with_ids(n, vectors, ids);
    } catch (const faiss::FaissException& e) {
        throw Error(std::string("vector index"), std::string("FAISS: ") + e.what());
    }
    return store;
}

VectorStore VectorStore::load(const fs::path& file, const VectorIndexOptions& options)
{
    VectorStore store;
    try {
        store.m_index.reset(faiss::read_index(file.string().c_str()));
    } catch (const faiss::FaissException& e) {
        throw Error(file, std::string("cannot read the vector index: ") + e.what());
    }
    store.m_type = detectType(store.m_index.get());
    store.setSearchParameters(options.hnswEfSearch, options.ivfProbe);
    return store;
}

void VectorStore::save(const fs::path& file) const
{
    if (!m_index)
        throw Error(file, "no vector index to save");
    const fs::path temporary = temporarySibling(file);
    try {
        faiss::write_index(m_index.get(), temporary.string().c_str());
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

void VectorStore::setSearchParameters(int hnswEfSearch, int ivfProbe)
{
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
    std::vector<float> distances(size_t(count) * size_t(k));
    std::vector<faiss::Index::idx_t> labels(size_t(count) * size_t(k));
    // FAISS parallelises over queries: a single query gains nothing from OpenMP workers, and their
    // start-up and spinning cost milliseconds on a busy machine. The setting is per calling thread.
    const int threads = omp_get_max_threads();
    if (count == 1)
        omp_set_num_threads(1);
    try {
        m_index->search(count, queries, k, distances.data(), labels.data());
    } catch (const faiss::FaissException& e) {
        omp_set_num_threads(threads);
        throw Error(std::string("vector index"), std::string("FAISS search: ") + e.what());
    }
    omp_set_num_threads(threads);
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

} // namespace soundframe
