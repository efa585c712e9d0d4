#include "FrameCacheReader.h"

#include "ClipRecordJson.h"
#include "FrameCacheWriter.h"
#include "base/Error.h"
#include "base/SafeTensorsReader.h"
#include "base/TorchTensors.h"

#include <torch/torch.h>

#include <cstring>

namespace soundframe {

FrameCacheReader::FrameCacheReader(const std::filesystem::path& dir)
{
    const auto description = dir / "cache.json";
    if (!std::filesystem::exists(description))
        throw Error(dir, "not a prepared cache (no cache.json); run `soundframe-cli prepare` first");
    m_settings = CacheSettings::read(description);
    for (const auto& file : FrameCacheWriter::shardFiles(dir)) {
        auto shard = std::make_unique<SafeTensorsReader>(file);
        const auto it = shard->metadata().find("clips");
        if (it == shard->metadata().end())
            throw Error(file, "cache shard without its clip list");
        nlohmann::json clips;
        try {
            clips = nlohmann::json::parse(it->second);
            for (size_t slot = 0; slot < clips.size(); ++slot) {
                m_records.push_back(clipRecordFromJson(clips[slot]));
                m_locations.push_back({m_shards.size(), slot});
            }
        } catch (const nlohmann::json::exception& e) {
            throw Error(file, std::string("cache shard with a malformed clip list: ") + e.what());
        }
        m_shards.push_back(std::move(shard));
    }
}

FrameCacheReader::~FrameCacheReader() = default;

CachedClip FrameCacheReader::load(size_t index) const
{
    const auto& where = m_locations.at(index);
    const auto& shard = *m_shards[where.shard];
    const auto prefix = std::to_string(where.slot) + ".";
    CachedClip clip;
    clip.clip = m_records[index];
    // Frame times stay float64 (toTorchTensor would narrow them to float32).
    const auto& seconds = shard.tensor(prefix + "frame_seconds");
    if (seconds.dtype != DType::F64)
        throw Error(shard.path(), "cache shard: " + seconds.name + " is not F64");
    clip.frameSeconds.resize(size_t(seconds.numel()));
    std::memcpy(clip.frameSeconds.data(), seconds.data, seconds.nbytes);
    if (m_settings.withFrames)
        clip.frameEmbeddings = toTorchTensor(shard.tensor(prefix + "frame_embeddings"));
    clip.audio = toTorchTensor(shard.tensor(prefix + "audio"));
    return clip;
}

int64_t FrameCacheReader::indexOf(const std::string& id) const
{
    for (size_t i = 0; i < m_records.size(); ++i)
        if (m_records[i].id == id)
            return int64_t(i);
    return -1;
}

} // namespace soundframe
