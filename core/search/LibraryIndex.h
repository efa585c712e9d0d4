#pragma once
// LibraryIndex: builds and updates a folder-based index of sound and video files (index.sqlite +
// vectors-<generation>.faiss) with one audio encoder model.
//
//   LibraryIndex index("lib", ModelIdentity::resolve("runs/r1", ""));   // creates or opens
//   IndexUpdateSummary s = index.add({"/usr/share/sounds"}, hooks);    // remembers the folder
//   s = index.sync(hooks);                                              // every remembered folder
//   s = index.remove({"/usr/share/sounds"});                            // forgets it and its files
//
// Contract:
// - Files are decoded, cut into windows (AudioWindowEmbedder) and embedded in batches of up to
//   commitFiles files (their windows share forward passes), each batch committed to the catalog in
//   one transaction; a kill loses only the batch in flight, and the next add/sync skips the
//   committed files (same size and mtime, or same content hash) and publishes them.
// - Unreadable files are recorded with their reason (not retried until they change) and never stop
//   the job; missing roots are reported in the summary.
// - sync (and add, for the folders it is given) drops files that vanished and re-embeds changed ones.
// - remove forgets remembered folders (or files): their files leave the index, except those another
//   remembered folder holds; nothing on disk is touched. A path the index does not remember is an
//   Error naming it and the remembered ones, and nothing changes.
// - Publishing writes the FAISS index of all visible windows atomically under a new generation, then
//   commits the generation in SQLite: searches see the old or the new state, never a mix. It happens
//   at the end (also when cancelled) and every publishEverySeconds. A publish updates the previous
//   generation's index (adds the new windows, removes the dropped ones); it rebuilds from SQLite only
//   when the index type changes (option, or Auto crossing its limit), the type cannot remove (HNSW),
//   or an IVF-PQ index has grown to twice the size it was trained at.
// - The index records its model; opening it with another model throws Error saying so. Only one
//   LibraryIndex per folder at a time (lock file): a second one throws Error.
// Thread: one thread; hooks.onProgress is called on it.
#include "base/JobHooks.h"
#include "search/ModelIdentity.h"
#include "search/VectorStore.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace soundframe {

class AudioWindowEmbedder;
class IndexCatalog;

struct LibraryIndexOptions {
    std::string device = "cpu";        // where the audio encoder runs
    double hopSeconds = -1;            // window hop for a new index; <= 0: half the clip length
    int batchWindows = 16;             // windows per encoder forward pass (shared by the files of a batch)
    int commitFiles = 32;              // files per batch: embedded together, committed in one transaction
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
    int64_t removed = 0;        // dropped: they vanished, or their folder was removed
    int64_t failed = 0;         // files that could not be read this time
    int64_t windows = 0;        // windows embedded this time
    double audioSeconds = 0;    // audio embedded this time
    double elapsedSeconds = 0;  // wall time of the job
    double scanSeconds = 0;     // of which listing and hashing files
    double decodeSeconds = 0;   // decoding audio
    double embedSeconds = 0;    // the encoder's forward passes
    double commitSeconds = 0;   // SQLite writes
    double publishSeconds = 0;  // FAISS updates and saves
    int64_t rebuilds = 0;       // publishes that rebuilt the FAISS index from SQLite (others were incremental)
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
    IndexUpdateSummary remove(const std::vector<std::filesystem::path>& paths);
    std::vector<std::filesystem::path> roots() const;

    // How add and remove remember a path: absolute, normal, no trailing separator (as roots() lists it).
    static std::filesystem::path rootPath(const std::filesystem::path& path);

    static constexpr const char* kDatabaseName = "index.sqlite";
    // The fingerprint of the model the index in `dir` was built with; nullopt when `dir` holds no index.
    static std::optional<std::string> recordedModel(const std::filesystem::path& dir);
    // The model itself (audio encoder and image-text model folders, as recorded); nullopt when `dir`
    // holds no index. For adding to an index with the model it was built with.
    static std::optional<ModelIdentity> recordedModelIdentity(const std::filesystem::path& dir);
    // The folders and files add was given (as roots() lists them) by the index in `dir`; empty when
    // `dir` holds no index. Read-only: for listing them beside a running search.
    static std::vector<std::filesystem::path> recordedRoots(const std::filesystem::path& dir);
    // "vectors-<generation>.faiss" in `dir`.
    static std::filesystem::path vectorFile(const std::filesystem::path& dir, int64_t generation);

private:
    void setRoots(const std::vector<std::filesystem::path>& roots);
    IndexUpdateSummary update(const std::vector<std::filesystem::path>& roots, const JobHooks& hooks);
    void publish(int64_t generation, IndexUpdateSummary& summary);
    const AudioWindowEmbedder& embedder();

    std::filesystem::path m_dir;
    ModelIdentity m_model;
    LibraryIndexOptions m_options;
    int m_lockFd = -1;
    std::unique_ptr<IndexCatalog> m_catalog;
    std::unique_ptr<AudioWindowEmbedder> m_embedder;
    std::unique_ptr<VectorStore> m_store;  // the FAISS index of m_storeGeneration, kept for incremental publishes
    int64_t m_storeGeneration = -1;
};

} // namespace soundframe
