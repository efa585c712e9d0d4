#pragma once
// LibraryIndex: builds and updates a folder-based index of sound and video files (index.sqlite +
// vectors-<generation>.faiss) with one audio encoder model.
//
//   LibraryIndex index("lib", ModelIdentity::resolve("runs/r1", ""));   // creates or opens
//   IndexUpdateSummary s = index.add({"/usr/share/sounds"}, hooks);    // remembers the folder
//   s = index.sync(hooks);                                              // every remembered folder
//
// Contract:
// - Each file is decoded, cut into windows (AudioWindowEmbedder), embedded and committed to the
//   catalog in its own transaction; a kill loses only the file in flight, and the next add/sync
//   skips the committed ones (same size and mtime, or same content hash) and publishes them.
// - Unreadable files are recorded with their reason (not retried until they change) and never stop
//   the job; missing roots are reported in the summary.
// - sync (and add, for the folders it is given) drops files that vanished and re-embeds changed ones.
// - Publishing writes the FAISS index of all visible windows atomically under a new generation, then
//   commits the generation in SQLite: searches see the old or the new state, never a mix. It happens
//   at the end (also when cancelled) and every publishEverySeconds.
// - The index records its model; opening it with another model throws Error saying so. Only one
//   LibraryIndex per folder at a time (lock file): a second one throws Error.
// Thread: one thread; hooks.onProgress is called on it.
#include "base/JobHooks.h"
#include "search/ModelIdentity.h"
#include "search/VectorStore.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace soundframe {

class AudioWindowEmbedder;
class IndexCatalog;

struct LibraryIndexOptions {
    std::string device = "cpu";        // where the audio encoder runs
    double hopSeconds = -1;            // window hop for a new index; <= 0: half the clip length
    int batchWindows = 16;             // windows per encoder forward pass
    VectorIndexOptions vectors;        // FAISS index choice (type Auto: exact up to 100k windows, IVF-PQ above)
    bool overrideIndexType = false;    // store vectors.type in an existing index (else keep its choice)
    double publishEverySeconds = 300;  // publish intermediate states of long jobs this often
};

struct IndexUpdateSummary {
    struct Failure {
        std::string path;
        std::string reason;
    };
    int64_t added = 0;          // new files embedded
    int64_t updated = 0;        // changed files re-embedded
    int64_t unchanged = 0;      // skipped
    int64_t removed = 0;        // dropped because they vanished
    int64_t failed = 0;         // files that could not be read this time
    int64_t windows = 0;        // windows embedded this time
    double audioSeconds = 0;    // audio embedded this time
    double elapsedSeconds = 0;  // wall time of the job
    int64_t generation = 0;     // published generation afterwards
    std::string indexType;      // FAISS index type published
    bool cancelled = false;     // stopped by hooks.cancel
    std::vector<Failure> failures;  // this run's unreadable files and missing roots
};

class LibraryIndex {
public:
    LibraryIndex(const std::filesystem::path& dir, const ModelIdentity& model, const LibraryIndexOptions& options = {});
    ~LibraryIndex();

    IndexUpdateSummary add(const std::vector<std::filesystem::path>& paths, const JobHooks& hooks = {});
    IndexUpdateSummary sync(const JobHooks& hooks = {});
    std::vector<std::filesystem::path> roots() const;

    static constexpr const char* kDatabaseName = "index.sqlite";
    // "vectors-<generation>.faiss" in `dir`.
    static std::filesystem::path vectorFile(const std::filesystem::path& dir, int64_t generation);

private:
    IndexUpdateSummary update(const std::vector<std::filesystem::path>& roots, const JobHooks& hooks);
    void publish(int64_t generation, IndexUpdateSummary& summary);
    const AudioWindowEmbedder& embedder();

    std::filesystem::path m_dir;
    ModelIdentity m_model;
    LibraryIndexOptions m_options;
    int m_lockFd = -1;
    std::unique_ptr<IndexCatalog> m_catalog;
    std::unique_ptr<AudioWindowEmbedder> m_embedder;
};

} // namespace soundframe
