#include "CacheSettings.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/FileText.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace soundframe {

std::string CacheSettings::toJson() const
{
    const nlohmann::ordered_json j{
        {"format", "soundframe-cache"},
        {"format_version", formatVersion},
        {"with_frames", withFrames},
        {"encoder_identity", encoderIdentity},
        {"embedding_dim", embeddingDim},
        {"frame_size", frameSize},
        {"frames_per_second", framesPerSecond},
        {"frames_per_clip", framesPerClip},
        {"audio_rate", audioRate},
    };
    return j.dump(2) + "\n";
}

CacheSettings CacheSettings::fromJson(const std::string& text, const std::filesystem::path& source)
{
    try {
        const auto j = nlohmann::json::parse(text);
        if (j.value("format", "") != "soundframe-cache")
            throw Error(source, "not a SoundFrame cache description");
        CacheSettings s;
        s.formatVersion = j.at("format_version").get<int>();
        if (s.formatVersion != 1)
            throw Error(source, "cache format version " + std::to_string(s.formatVersion)
                                    + " is newer than this SoundFrame understands (1)");
        s.withFrames = j.at("with_frames").get<bool>();
        s.encoderIdentity = j.at("encoder_identity").get<std::string>();
        s.embeddingDim = j.at("embedding_dim").get<int>();
        s.frameSize = j.at("frame_size").get<int>();
        s.framesPerSecond = j.at("frames_per_second").get<double>();
        s.framesPerClip = j.at("frames_per_clip").get<int>();
        s.audioRate = j.at("audio_rate").get<int>();
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw Error(source, std::string("malformed cache description: ") + e.what());
    }
}

CacheSettings CacheSettings::read(const std::filesystem::path& file)
{
    return fromJson(readFileText(file), file);
}

void CacheSettings::write(const std::filesystem::path& file) const { writeFileAtomically(file, toJson()); }

std::optional<std::string> CacheSettings::differenceFrom(const CacheSettings& o) const
{
    const auto differs = [](const std::string& field, const auto& a, const auto& b) {
        std::ostringstream s;
        s << field << " is " << a << " in the cache but " << b << " was asked for";
        return s.str();
    };
    if (withFrames != o.withFrames)
        return differs("with_frames", withFrames, o.withFrames);
    if (encoderIdentity != o.encoderIdentity)
        return differs("encoder_identity", "'" + encoderIdentity + "'", "'" + o.encoderIdentity + "'");
    if (embeddingDim != o.embeddingDim)
        return differs("embedding_dim", embeddingDim, o.embeddingDim);
    if (frameSize != o.frameSize)
        return differs("frame_size", frameSize, o.frameSize);
    if (framesPerSecond != o.framesPerSecond)
        return differs("frames_per_second", framesPerSecond, o.framesPerSecond);
    if (framesPerClip != o.framesPerClip)
        return differs("frames_per_clip", framesPerClip, o.framesPerClip);
    if (audioRate != o.audioRate)
        return differs("audio_rate", audioRate, o.audioRate);
    return std::nullopt;
}

} // namespace soundframe
