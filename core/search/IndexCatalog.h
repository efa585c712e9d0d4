#pragma once
// IndexCatalog: the SQLite database (index.sqlite, WAL mode) of a library index: settings, files
// and their embedded windows (with the vectors), versioned by publish generations.
//
//   IndexCatalog cat("lib/index.sqlite");
//   const int64_t next = cat.publishedGeneration() + 1;
//   cat.addFile(file, windows, vectors, dim, next);          // one transaction: kill-safe
//   cat.removeFile(old.id, next);
//   auto [ids, data] = cat.vectorsAt(next, dim);              // build the FAISS index from these
//   cat.publish(next);                                        // searches now see `next`
//   { IndexCatalog::Transaction t(cat); cat.addFile(...); cat.addFile(...); t.commit(); }  // several files, one commit
//
// Generations: files written by an update carry added_gen = published + 1 and are invisible to
// searches until publish(); removed files keep their rows (removed_gen) until no reader of the
// previous generation can need them, so a search that reads generation G in one read transaction
// (ReadSnapshot) resolves every vector id of snapshot G. One writer at a time (LibraryIndex holds
// a lock file); readers in any process. Throws Error naming the database on SQLite failures.
//
// Mode::ReadOnly (list, status, search) never writes: it works on a full disk and on a read-only
// mount. SQLite's WAL readers need the -shm file; when it cannot be created or written, the
// catalog reads through heap memory (readonly_shm) or, if no -wal file holds commits, opens the
// database as immutable. It throws Error when neither is possible (a -wal with commits and no -shm).
#include "search/IndexedFile.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace soundframe {

class IndexCatalog {
public:
    enum class Mode { ReadWrite, ReadOnly };
    // ReadWrite creates the database (and its tables) when missing; ReadOnly needs an existing one.
    explicit IndexCatalog(const std::filesystem::path& databaseFile, Mode mode = Mode::ReadWrite);
    ~IndexCatalog();
    IndexCatalog(const IndexCatalog&) = delete;
    IndexCatalog& operator=(const IndexCatalog&) = delete;

    std::optional<std::string> meta(const std::string& key) const;
    void setMeta(const std::string& key, const std::string& value);
    int64_t publishedGeneration() const;

    // Current rows (not removed), any generation, by path.
    std::map<std::string, IndexedFile> currentFiles() const;
    // Files visible at `generation` (what a search at that generation sees), sorted by path.
    std::vector<IndexedFile> filesAt(int64_t generation) const;
    // Adds a file with its windows and unit vectors ([windows.size(), dim] row-major) at `generation`.
    int64_t addFile(const IndexedFile& file, const std::vector<IndexedWindow>& windows, const std::vector<float>& vectors,
                    int dim, int64_t generation);
    // From `generation` on the file is gone; an unpublished row (added at `generation`) is deleted outright.
    void removeFile(int64_t fileId, int64_t generation);
    // An unchanged file whose size or mtime moved (same content): updates them in place.
    void touchFile(int64_t fileId, int64_t size, int64_t mtimeNs);
    // Every window vector visible at `generation`, ids and [n, dim] data.
    std::pair<std::vector<int64_t>, std::vector<float>> vectorsAt(int64_t generation, int dim) const;
    // Window vectors by id (any generation), in the order of `ids`; missing ids are skipped.
    std::vector<std::pair<int64_t, std::vector<float>>> vectorsById(const std::vector<int64_t>& ids) const;
    struct VectorChanges {
        std::vector<int64_t> addedIds;     // windows visible at `to` but not at `from`
        std::vector<float> addedVectors;   // [addedIds.size(), dim]
        std::vector<int64_t> removedIds;   // windows visible at `from` but not at `to`
    };
    // What a publish of `to` changes against the published `from` (to > from), for an incremental update.
    VectorChanges vectorChanges(int64_t from, int64_t to, int dim) const;
    // Rows added or removed at `generation` or later (work not yet published).
    int64_t pendingChanges(int64_t generation) const;
    // Makes `generation` the published one and drops rows no reader of generation - 1 can see.
    void publish(int64_t generation);

    struct WindowHit {
        IndexedWindow window;
        IndexedFile file;
    };
    // Window ids to their window and file; ids not visible at `generation` are left out.
    std::map<int64_t, WindowHit> resolve(const std::vector<int64_t>& ids, int64_t generation) const;

    // A write transaction: addFile/removeFile inside it commit together at commit(); destroyed
    // uncommitted, it rolls back (a kill loses the whole batch, never part of a file).
    class Transaction {
    public:
        explicit Transaction(IndexCatalog& catalog);
        ~Transaction();
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        void commit();

    private:
        IndexCatalog& m_catalog;
        bool m_open = true;
    };

    // Holds a read transaction: everything read meanwhile sees one committed state.
    class ReadSnapshot {
    public:
        explicit ReadSnapshot(const IndexCatalog& catalog);
        ~ReadSnapshot();
        ReadSnapshot(const ReadSnapshot&) = delete;
        ReadSnapshot& operator=(const ReadSnapshot&) = delete;

    private:
        const IndexCatalog& m_catalog;
    };

    const std::filesystem::path& path() const { return m_path; }

private:
    void openReadOnly();
    void exec(const std::string& sql) const;
    [[noreturn]] void fail(const std::string& what) const;

    std::filesystem::path m_path;
    sqlite3* m_db = nullptr;
    bool m_inTransaction = false;  // a Transaction is open: addFile does not begin its own
};

} // namespace soundframe
