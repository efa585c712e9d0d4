#include "ModelIdentity.h"

#include "base/Error.h"
#include "model/ClipImageEmbedder.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace soundframe {

namespace {
namespace fs = std::filesystem;

uint64_t fnv1a(const std::string& bytes, uint64_t hash = 1469598103934665603ull)
{
    for (unsigned char c : bytes)
        hash = (hash ^ c) * 1099511628211ull;
    return hash;
}

std::string readPrefix(const fs::path& file, size_t limit)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file, "cannot open");
    std::string bytes(limit, '\0');
    in.read(bytes.data(), std::streamsize(limit));
    bytes.resize(size_t(in.gcount()));
    return bytes;
}

bool isEncoderDir(const fs::path& dir)
{
    return fs::is_regular_file(dir / "config.json") && fs::is_regular_file(dir / "model.safetensors");
}
} // namespace

std::string ModelIdentity::fingerprintOf(const fs::path& encoderDir, const fs::path& clipDir)
{
    const auto weights = encoderDir / "model.safetensors";
    // The safetensors header (names, shapes, offsets) plus the file size tells checkpoints apart
    // without hashing all weights; the first MiB also covers small models' values.
    uint64_t hash = fnv1a(readPrefix(encoderDir / "config.json", 1 << 20));
    hash = fnv1a(readPrefix(weights, 1 << 20), hash);
    std::error_code ec;
    hash = fnv1a(std::to_string(fs::file_size(weights, ec)), hash);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hash);
    return std::string("audio:") + hex + " " + ClipImageEmbedder::fingerprint(clipDir);
}

ModelIdentity ModelIdentity::resolve(const fs::path& modelArg, const fs::path& clipArg)
{
    ModelIdentity id;
    const fs::path model = fs::absolute(modelArg).lexically_normal();
    fs::path clip = clipArg;
    if (isEncoderDir(model / "audio-encoder")) {
        id.encoderDir = model / "audio-encoder";
        if (clip.empty()) {
            const auto configFile = model / "config.json";
            std::string clipDir;
            try {
                const auto json = nlohmann::json::parse(readPrefix(configFile, 1 << 24));
                if (json.contains("clip_dir") && json["clip_dir"].is_string())
                    clipDir = json["clip_dir"].get<std::string>();
            } catch (const nlohmann::json::exception& e) {
                throw Error(configFile, std::string("not valid JSON: ") + e.what());
            }
            if (clipDir.empty())
                throw Error(configFile, "the run names no clip_dir; give --clip DIR");
            clip = fs::u8path(clipDir);
            if (clip.is_relative() && !fs::exists(clip) && fs::exists(model / clip))
                clip = model / clip;
        }
    } else if (isEncoderDir(model)) {
        id.encoderDir = model;
        if (clip.empty())
            throw Error(model, "an audio encoder folder needs --clip DIR (the CLIP model of its joint space)");
    } else {
        throw Error(model, "neither a training run (audio-encoder/, config.json) nor an audio encoder folder "
                           "(config.json, model.safetensors)");
    }
    id.clipDir = fs::absolute(clip).lexically_normal();
    if (!fs::is_regular_file(id.clipDir / "config.json") || !fs::is_regular_file(id.clipDir / "model.safetensors"))
        throw Error(id.clipDir, "not a CLIP folder (config.json, model.safetensors)");
    id.fingerprint = fingerprintOf(id.encoderDir, id.clipDir);
    return id;
}

} // namespace soundframe
