#include "FrameCacheWriter.h"

#include "ClipRecordJson.h"
#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/SafeTensorsReader.h"
#include "base/TorchTensors.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <regex>

namespace soundframe {

namespace fs = std::filesystem;

fs::path FrameCacheWriter::shardPath(const fs::path& dir, int index)
{
    char name[32];
    std::snprintf(name, sizeof name, "shard-%06d.safetensors", index);
    return dir / name;
}

std::vector<fs::path> FrameCacheWriter::shardFiles(const fs::path& dir)
{
    static const std::regex pattern(R"(shard-\d{6}\.safetensors)");
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file() && std::regex_match(entry.path().filename().string(), pattern))
            out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

FrameCacheWriter::FrameCacheWriter(const fs::path& dir, const CacheSettings& settings, int shardSize)
    : m_dir(dir), m_settings(settings), m_shardSize(std::max(1, shardSize))
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(dir, "cannot create the cache folder: " + ec.message());
    removeStaleTemporaries(dir);  // shards being written when an earlier run was killed
    const auto description = dir / "cache.json";
    if (fs::exists(description)) {
        if (const auto why = CacheSettings::read(description).differenceFrom(settings))
            throw Error(dir, "this cache was prepared with other settings (" + *why
                                 + "); use another cache folder");
    } else {
        settings.write(description);
    }
    for (const auto& shard : shardFiles(dir)) {
        // Only headers are read: resuming a large cache stays cheap.
        const auto metadata = SafeTensorsReader::readMetadata(shard);
        const auto clips = nlohmann::json::parse(metadata.at("clips"));
        for (const auto& clip : clips)
            m_finished.insert(clip.at("id").get<std::string>());
        const int index = std::stoi(shard.filename().string().substr(6, 6));
        m_nextShard = std::max(m_nextShard, index + 1);
    }
}

void FrameCacheWriter::add(CachedClip clip)
{
    const auto& id = clip.clip.id;
    if (!clip.audio.defined() || clip.audio.dim() != 1 || clip.audio.numel() == 0)
        throw Error(id, "cache: a clip needs a non-empty 1-D waveform");
    if (m_settings.withFrames) {
        const auto& e = clip.frameEmbeddings;
        if (!e.defined() || e.dim() != 2 || e.size(0) != int64_t(clip.frameSeconds.size())
            || e.size(1) != m_settings.embeddingDim)
            throw Error(id, "cache: frame embeddings must be [L, " + std::to_string(m_settings.embeddingDim)
                                + "] with one row per frame time");
    }
    m_finished.insert(id);
    m_pending.push_back(std::move(clip));
    if (int(m_pending.size()) >= m_shardSize)
        flush();
}

void FrameCacheWriter::flush()
{
    if (m_pending.empty())
        return;
    SafeTensorsWriter writer;
    auto records = nlohmann::ordered_json::array();
    for (size_t k = 0; k < m_pending.size(); ++k) {
        const auto& c = m_pending[k];
        const auto prefix = std::to_string(k) + ".";
        records.push_back(clipRecordToJson(c.clip));
        writer.add(prefix + "frame_seconds", DType::F64, {int64_t(c.frameSeconds.size())},
                   c.frameSeconds.data(), c.frameSeconds.size() * sizeof(double));
        if (m_settings.withFrames)
            addTorchTensor(writer, prefix + "frame_embeddings", c.frameEmbeddings.to(torch::kFloat32));
        addTorchTensor(writer, prefix + "audio", c.audio.to(torch::kFloat32));
    }
    writer.setMetadata("format", "soundframe-cache-shard/1");
    writer.setMetadata("clips", records.dump());
    writer.write(shardPath(m_dir, m_nextShard));
    ++m_nextShard;
    m_pending.clear();
}

} // namespace soundframe
