#pragma once
// FrameCacheReader: random access to the clips of a prepared cache.
//
//   FrameCacheReader cache(dir);
//   for (size_t i = 0; i < cache.size(); ++i) {
//       const ClipRecord& r = cache.record(i);       // cheap: from shard headers
//       CachedClip c = cache.load(i);                // copies that clip's tensors out of the mapping
//   }
//
// Shards are memory-mapped once; load() is safe to call from several threads at once.
// A damaged shard throws Error naming it when the cache is opened.
#include "CacheSettings.h"
#include "CachedClip.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace soundframe {

class SafeTensorsReader;

class FrameCacheReader {
public:
    explicit FrameCacheReader(const std::filesystem::path& dir);
    ~FrameCacheReader();

    const CacheSettings& settings() const { return m_settings; }
    size_t size() const { return m_records.size(); }
    const ClipRecord& record(size_t index) const { return m_records.at(index); }
    CachedClip load(size_t index) const;
    // Index of the clip with this id, or -1.
    int64_t indexOf(const std::string& id) const;

private:
    struct Location {
        size_t shard;
        size_t slot;
    };
    CacheSettings m_settings;
    std::vector<std::unique_ptr<SafeTensorsReader>> m_shards;
    std::vector<ClipRecord> m_records;
    std::vector<Location> m_locations;
};

} // namespace soundframe
