#pragma once
// CacheSettings: how a prepared cache was made, stored as cache.json at its root.
//
//   CacheSettings s = CacheSettings::read(dir / "cache.json");
//   if (auto why = s.differenceFrom(wanted)) throw Error(dir, *why);
//
// A cache is only extended (resume) with the same settings: mixing frame embeddings from two
// image towers, or audio at two rates, would silently corrupt training.
#include <filesystem>
#include <optional>
#include <string>

namespace soundframe {

struct CacheSettings {
    int formatVersion = 1;          // of the cache layout, see docs/architecture.md
    bool withFrames = true;         // false: audio-only cache (e.g. captioned sets without video)
    std::string encoderIdentity;    // ImageEmbedder::identity() of the tower that embedded frames
    int embeddingDim = 0;           // D of the stored frame embeddings
    int frameSize = 0;              // square side, pixels, frames were decoded at
    double framesPerSecond = 1.0;   // frame plan when framesPerClip == 0: L = round(duration * fps)
    int framesPerClip = 0;          // > 0: every clip gets exactly this many frames
    int audioRate = 16000;          // Hz of the stored mono waveforms

    std::string toJson() const;
    static CacheSettings fromJson(const std::string& text, const std::filesystem::path& source);
    static CacheSettings read(const std::filesystem::path& file);
    void write(const std::filesystem::path& file) const;  // atomically
    // nullopt when equal; otherwise a sentence naming the first field that differs.
    std::optional<std::string> differenceFrom(const CacheSettings& other) const;
};

} // namespace soundframe
