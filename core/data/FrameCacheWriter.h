#pragma once
// FrameCacheWriter: appends prepared clips to an on-disk cache in atomically written shards.
//
//   FrameCacheWriter cache(dir, settings);          // creates dir, or checks its cache.json agrees
//   auto done = cache.finishedIds();                 // clips a previous run already stored: skip them
//   cache.add(std::move(clip));                      // buffered; a shard is written every shardSize clips
//   cache.flush();                                   // writes whatever is buffered (call at the end)
//
// Layout: DIR/cache.json (CacheSettings) and DIR/shard-NNNNNN.safetensors, each holding up to
// shardSize clips as tensors "<k>.frame_seconds" F64 [L], "<k>.frame_embeddings" F32 [L, D] and
// "<k>.audio" F32 [T] (k = position in the shard), with the clip records as JSON in the shard's
// metadata ("clips"). A shard appears complete under its final name or not at all, so a killed run
// loses only the clips not yet flushed. One writer per cache folder; not thread-safe.
#include "CacheSettings.h"
#include "CachedClip.h"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace soundframe {

class FrameCacheWriter {
public:
    FrameCacheWriter(const std::filesystem::path& dir, const CacheSettings& settings, int shardSize = 32);

    // Ids of the clips stored by this and earlier runs.
    const std::set<std::string>& finishedIds() const { return m_finished; }
    // Throws Error if the clip does not fit the settings (embedding width, audio missing, ...).
    void add(CachedClip clip);
    void flush();
    int64_t pendingCount() const { return int64_t(m_pending.size()); }

    static std::filesystem::path shardPath(const std::filesystem::path& dir, int index);
    // Existing shard files, in index order.
    static std::vector<std::filesystem::path> shardFiles(const std::filesystem::path& dir);

private:
    std::filesystem::path m_dir;
    CacheSettings m_settings;
    int m_shardSize;
    int m_nextShard = 0;
    std::set<std::string> m_finished;
    std::vector<CachedClip> m_pending;
};

} // namespace soundframe
