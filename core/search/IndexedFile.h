#pragma once
// IndexedFile / IndexedWindow: one file's row and one embedded window's row in the IndexCatalog.
// Plain value types.
#include <cstdint>
#include <string>
#include <vector>

namespace soundframe {

struct IndexedWindow {
    int64_t id = 0;          // vector id in the FAISS index (unique over the index's life)
    double startSeconds = 0; // window start in the file
    double endSeconds = 0;   // window end (exclusive), clipped to the file's duration
};

struct IndexedFile {
    int64_t id = 0;               // catalog row id
    std::string path;             // absolute path
    int64_t size = 0;             // bytes when indexed
    int64_t mtimeNs = 0;          // modification time when indexed
    std::string hash;             // FileScanner::contentHash when indexed
    double durationSeconds = 0;   // audio length (0 for failed files)
    bool failed = false;          // unreadable: no windows, `reason` says why
    std::string reason;           // why it failed; empty otherwise
    int64_t windows = 0;          // number of embedded windows
    int64_t addedGeneration = 0;  // first published state that holds it
};

} // namespace soundframe
