#pragma once
// LibrarySearcher: text, image or audio queries against a library index built by LibraryIndex.
//
//   LibrarySearcher s("lib");                        // the model the index records
//   SearchQuery q; q.text = "rain on a roof"; q.k = 5;
//   std::vector<SearchResult> top = s.search(q);     // files, best first, with their best window
//
// With an explicit ModelIdentity the index must have been built with that model, else Error
// ("built with model ..."); without one, the recorded folders are used and must still have the
// recorded fingerprint. Each search reads one published generation inside one SQLite read
// transaction (FAISS snapshot + metadata of that generation), so it is consistent while an update
// runs. It never writes to the index folder (works on a full disk or a read-only mount). Models are
// loaded on first use of each query kind. One thread at a time.
#include "search/ModelIdentity.h"
#include "search/SearchQuery.h"
#include "search/VectorStore.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace soundframe {

class IndexCatalog;

class LibrarySearcher {
public:
    LibrarySearcher(const std::filesystem::path& indexDir, const std::optional<ModelIdentity>& model = std::nullopt,
                    const std::string& device = "cpu", const VectorIndexOptions& searchOptions = {});
    ~LibrarySearcher();

    std::vector<SearchResult> search(const SearchQuery& query);
    // The unit query vector for `query`'s text, audio or image.
    std::vector<float> embedQuery(const SearchQuery& query);
    // Ranks files for a unit vector, with `filters`' k, glob and duration bounds.
    std::vector<SearchResult> searchVector(const std::vector<float>& unitQuery, const SearchQuery& filters);
    const ModelIdentity& model() const { return m_model; }
    IndexCatalog& catalog() { return *m_catalog; }

private:
    struct Models;
    std::filesystem::path m_dir;
    ModelIdentity m_model;
    std::string m_device;
    VectorIndexOptions m_searchOptions;
    std::unique_ptr<IndexCatalog> m_catalog;
    std::unique_ptr<Models> m_models;
    int64_t m_loadedGeneration = -1;
    VectorStore m_store;
};

} // namespace soundframe
