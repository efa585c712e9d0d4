#pragma once
// VectorStore: a FAISS index of unit vectors with 64-bit ids, nearest by cosine similarity.
//
//   VectorIndexOptions o;                                    // type Auto: exact up to 100k vectors, IVF-PQ above
//   VectorStore s = VectorStore::build(data, ids, n, 512, o);
//   s.save("lib/vectors-3.faiss");                           // atomic: temp file + rename
//   VectorStore t = VectorStore::load("lib/vectors-3.faiss", o);
//   auto hits = t.search(query, 1, 10);                      // hits[0]: best first, score = cosine
//
//   s.add(more, moreIds, m);                                 // a publish adds only what is new
//   if (!s.remove(goneIds)) s = VectorStore::build(...);      // HNSW cannot remove: rebuild
//
// Vectors must be unit length (callers normalise); the indexes use L2, and score = 1 - |q - v|^2 / 2
// is the cosine for unit vectors. Types: Flat (exact), HNSW (graph over the exact vectors) and IVF-PQ
// (inverted lists of product-quantised codes; trained on the data, needs at least 40 vectors per
// list). IVF-PQ keeps the exact vectors too and re-ranks its best ivfRefine x k candidates with them,
// so its scores are exact cosines and only the candidate list is approximate (ivfRefine 0: PQ
// scores). Ids of an empty store search to nothing. search() is safe from several threads;
// build/load/save/add/remove are not shared.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace faiss {
struct Index;
}

namespace soundframe {

enum class VectorIndexType { Auto, Flat, Hnsw, IvfPq };

struct VectorIndexOptions {
    VectorIndexType type = VectorIndexType::Auto;  // Auto: Flat up to exactLimit vectors, else IvfPq
    int64_t exactLimit = 100000;                    // Auto's switch point, vectors
    int hnswM = 32;                                 // HNSW neighbours per node
    int hnswEfConstruction = 80;                    // HNSW build beam width
    int hnswEfSearch = 128;                         // HNSW search beam width (recall vs. speed)
    int ivfLists = 0;                               // IVF-PQ lists; 0: about sqrt(n), at most n / 40
    int pqBytes = 0;                                // IVF-PQ code bytes per vector; 0: dim / 4 (dim / 2 if that does not divide)
    int ivfProbe = 32;                              // IVF lists visited per query
    int ivfRefine = 10;                             // IVF-PQ: candidates per wanted hit re-ranked exactly; 0: none
};

// "auto", "flat", "hnsw", "ivfpq"; Error for anything else.
VectorIndexType parseVectorIndexType(const std::string& name);
std::string vectorIndexTypeName(VectorIndexType type);

class VectorStore {
public:
    struct Hit {
        int64_t id = -1;
        float score = 0;  // cosine similarity
    };

    VectorStore();
    ~VectorStore();
    VectorStore(VectorStore&&) noexcept;
    VectorStore& operator=(VectorStore&&) noexcept;

    // `vectors` is [n, dim] row-major; `ids` has n entries. Throws Error for bad sizes.
    static VectorStore build(const float* vectors, const int64_t* ids, int64_t n, int dim, const VectorIndexOptions& options);
    // The type build() makes for n vectors with these options (Auto and IVF-PQ's small-set fallback resolved).
    static VectorIndexType resolvedType(int64_t n, const VectorIndexOptions& options);
    // Reads a saved store; `options` gives the search parameters (efSearch, nprobe, ivfRefine).
    static VectorStore load(const std::filesystem::path& file, const VectorIndexOptions& options = {});
    void save(const std::filesystem::path& file) const;

    int64_t size() const;
    int dim() const;
    VectorIndexType type() const { return m_type; }
    // For each of `count` queries ([count, dim] row-major), up to k hits, best first.
    std::vector<std::vector<Hit>> search(const float* queries, int64_t count, int k) const;
    void setSearchParameters(int hnswEfSearch, int ivfProbe, int ivfRefine = 10);
    // Adds n vectors ([n, dim]) under new ids. Throws Error for a wrong dimension or an empty store.
    void add(const float* vectors, const int64_t* ids, int64_t n);
    // Removes these ids (unknown ones are ignored); false, store unchanged, if the type cannot (HNSW).
    bool remove(const std::vector<int64_t>& ids);
    bool canRemove() const;

private:
    std::vector<std::vector<Hit>> searchRefined(const float* queries, int64_t count, int k) const;

    std::unique_ptr<faiss::Index> m_index;    // IDMap(Flat | HNSW), or IVF-PQ holding the ids itself
    std::unique_ptr<faiss::Index> m_exact;    // IVF-PQ only: IDMap2(Flat) of the exact vectors for re-ranking
    VectorIndexType m_type = VectorIndexType::Flat;
    int m_efSearch = 128;
    int m_refine = 10;
};

} // namespace soundframe
