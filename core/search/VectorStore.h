#pragma once
// VectorStore: a FAISS index of unit vectors with 64-bit ids, nearest by cosine similarity.
//
//   VectorIndexOptions o;                                    // type Auto: exact up to 100k vectors, IVF-PQ above
//   VectorStore s = VectorStore::build(data, ids, n, 512, o);
//   s.save("lib/vectors-3.faiss");                           // atomic: temp file + rename
//   VectorStore t = VectorStore::load("lib/vectors-3.faiss", o);
//   auto hits = t.search(query, 1, 10);                      // hits[0]: best first, score = cosine
//
// Vectors must be unit length (callers normalise); the indexes use L2, and score = 1 - |q - v|^2 / 2
// is the cosine for unit vectors (approximate for IVF-PQ, whose distances are quantised).
// Types: Flat (exact), HNSW (graph over the exact vectors) and IVF-PQ (inverted lists of product-
// quantised codes; trained on the data, needs at least 40 vectors per list). Ids of an empty store
// search to nothing. search() is safe from several threads; build/load/save are not shared.
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
    // Reads a saved store; `options` gives the search parameters (efSearch, nprobe).
    static VectorStore load(const std::filesystem::path& file, const VectorIndexOptions& options = {});
    void save(const std::filesystem::path& file) const;

    int64_t size() const;
    int dim() const;
    VectorIndexType type() const { return m_type; }
    // For each of `count` queries ([count, dim] row-major), up to k hits, best first.
    std::vector<std::vector<Hit>> search(const float* queries, int64_t count, int k) const;
    void setSearchParameters(int hnswEfSearch, int ivfProbe);

private:
    std::unique_ptr<faiss::Index> m_index;
    VectorIndexType m_type = VectorIndexType::Flat;
    int m_efSearch = 128;
};

} // namespace soundframe
