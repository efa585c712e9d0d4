#include "LibrarySearcher.h"

#include "base/Error.h"
#include "media/ImageFile.h"
#include "model/ClipImageEmbedder.h"
#include "model/ClipTextEmbedder.h"
#include "model/ComputeDevice.h"
#include "search/AudioWindowEmbedder.h"
#include "search/IndexCatalog.h"
#include "search/LibraryIndex.h"

#include <torch/torch.h>

#include <fnmatch.h>

#include <algorithm>
#include <map>

namespace soundframe {

namespace {
namespace fs = std::filesystem;

std::vector<float> unit(const torch::Tensor& row)
{
    auto e = row.reshape({-1}).to(torch::kCPU, torch::kFloat32);
    e = (e / e.norm().clamp_min(1e-12)).contiguous();
    return std::vector<float>(e.data_ptr<float>(), e.data_ptr<float>() + e.numel());
}

bool globMatches(const std::string& glob, const std::string& path)
{
    if (glob.empty())
        return true;
    return fnmatch(glob.c_str(), path.c_str(), 0) == 0
        || fnmatch(glob.c_str(), fs::path(path).filename().string().c_str(), 0) == 0;
}
} // namespace

struct LibrarySearcher::Models {
    std::unique_ptr<ClipTextEmbedder> text;
    std::unique_ptr<ClipImageEmbedder> image;
    std::unique_ptr<AudioWindowEmbedder> audio;
};

LibrarySearcher::LibrarySearcher(const fs::path& indexDir, const std::optional<ModelIdentity>& model,
                                 const std::string& device, const VectorIndexOptions& searchOptions)
    : m_dir(fs::absolute(indexDir).lexically_normal()), m_device(device), m_searchOptions(searchOptions),
      m_models(std::make_unique<Models>())
{
    if (!fs::is_regular_file(m_dir / LibraryIndex::kDatabaseName))
        throw Error(m_dir, "not a library index (no index.sqlite); create one with 'soundframe-cli index add'");
    m_catalog = std::make_unique<IndexCatalog>(m_dir / LibraryIndex::kDatabaseName, IndexCatalog::Mode::ReadOnly);
    const std::string recorded = m_catalog->meta("model_fingerprint").value_or("");
    if (model) {
        if (model->fingerprint != recorded)
            throw Error(m_dir, "the index was built with model '" + recorded + "' ("
                                   + m_catalog->meta("encoder_dir").value_or("?") + "); the query's model is '"
                                   + model->fingerprint + "' (" + model->encoderDir.string()
                                   + "). Query with the index's model, or index again with this one.");
        m_model = *model;
    } else {
        m_model.encoderDir = fs::u8path(m_catalog->meta("encoder_dir").value_or(""));
        m_model.clipDir = fs::u8path(m_catalog->meta("clip_dir").value_or(""));
        m_model.fingerprint = ModelIdentity::fingerprintOf(m_model.encoderDir, m_model.clipDir);
        if (m_model.fingerprint != recorded)
            throw Error(m_dir, "the model files the index was built with changed since (recorded '" + recorded
                                   + "', now '" + m_model.fingerprint + "'); index again");
    }
}

LibrarySearcher::~LibrarySearcher() = default;

std::vector<float> LibrarySearcher::embedQuery(const SearchQuery& query)
{
    const int kinds = int(!query.text.empty()) + int(!query.audioFile.empty()) + int(!query.imageFile.empty());
    if (kinds != 1)
        throw Error(std::string("search"), "give exactly one of a text, an audio file and an image file");
    torch::NoGradGuard noGrad;
    if (!query.text.empty()) {
        if (!m_models->text)
            m_models->text = std::make_unique<ClipTextEmbedder>(m_model.clipDir, parseComputeDevice(m_device));
        return unit(m_models->text->embed({query.text}));
    }
    if (!query.imageFile.empty()) {
        const RgbImage image = readImageFile(query.imageFile);
        if (!m_models->image)
            m_models->image = std::make_unique<ClipImageEmbedder>(m_model.clipDir, parseComputeDevice(m_device));
        return unit(m_models->image->embed({image}));
    }
    if (!m_models->audio)
        m_models->audio = std::make_unique<AudioWindowEmbedder>(m_model.encoderDir, m_device);
    return m_models->audio->embedWindow(query.audioFile, query.audioStartSeconds);
}

std::vector<SearchResult> LibrarySearcher::search(const SearchQuery& query)
{
    return searchVector(embedQuery(query), query);
}

std::vector<SearchResult> LibrarySearcher::searchVector(const std::vector<float>& unitQuery, const SearchQuery& filters)
{
    IndexCatalog::ReadSnapshot snapshot(*m_catalog);
    const int64_t generation = m_catalog->publishedGeneration();
    if (generation == 0)
        throw Error(m_dir, "the index holds nothing yet; run 'soundframe-cli index add'");
    if (generation != m_loadedGeneration) {
        m_store = VectorStore::load(LibraryIndex::vectorFile(m_dir, generation), m_searchOptions);
        m_loadedGeneration = generation;
    }
    if (int(unitQuery.size()) != m_store.dim())
        throw Error(m_dir, "query vector has " + std::to_string(unitQuery.size()) + " dimensions, the index "
                               + std::to_string(m_store.dim()));
    const int k = std::max(1, filters.k);
    const int64_t total = m_store.size();
    // Several windows per file and the filters: widen the window search until k files are found.
    int64_t windows = std::min<int64_t>(total, std::max<int64_t>(int64_t(k) * 10, 100));
    std::vector<SearchResult> results;
    while (true) {
        const auto hits = m_store.search(unitQuery.data(), 1, int(windows));
        std::vector<int64_t> ids;
        for (const auto& h : hits[0])
            ids.push_back(h.id);
        const auto resolved = m_catalog->resolve(ids, generation);
        std::map<std::string, size_t> byPath;
        results.clear();
        for (const auto& h : hits[0]) {
            const auto it = resolved.find(h.id);
            if (it == resolved.end())
                continue;
            const IndexedFile& f = it->second.file;
            if (byPath.count(f.path) || !globMatches(filters.pathGlob, f.path))
                continue;
            if (filters.minDurationSeconds >= 0 && f.durationSeconds < filters.minDurationSeconds)
                continue;
            if (filters.maxDurationSeconds >= 0 && f.durationSeconds > filters.maxDurationSeconds)
                continue;
            byPath[f.path] = results.size();
            results.push_back({f.path, double(h.score), it->second.window.startSeconds, it->second.window.endSeconds,
                               f.durationSeconds});
        }
        if (int(results.size()) >= k || windows >= total)
            break;
        windows = std::min<int64_t>(total, windows * 4);
    }
    std::stable_sort(results.begin(), results.end(),
                     [](const SearchResult& a, const SearchResult& b) { return a.score > b.score; });
    if (int(results.size()) > k)
        results.resize(size_t(k));
    return results;
}

} // namespace soundframe
