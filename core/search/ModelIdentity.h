#pragma once
// ModelIdentity: which model a library index was built with — an audio encoder folder plus the
// CLIP folder whose text and image towers share its joint space — and its fingerprint.
//
//   ModelIdentity m = ModelIdentity::resolve("runs/pretrain1", "");   // RUN/audio-encoder + RUN's clip_dir
//   ModelIdentity e = ModelIdentity::resolve("models/audio", "models/clip");
//   if (m.fingerprint != catalogFingerprint) ...                         // refuse the query
//
// `modelArg` is a training run folder (holding audio-encoder/ and config.json with "clip_dir")
// or an audio encoder folder (config.json + model.safetensors). `clipArg` empty: the run's
// clip_dir (an Error for a bare encoder folder). The fingerprint hashes the encoder's config.json,
// its safetensors header and size, and ClipImageEmbedder::fingerprint of the CLIP folder, so a
// retrained or swapped model never shares an index. Paths are made absolute. Throws Error naming
// the folder when files are missing.
#include <filesystem>
#include <string>

namespace soundframe {

struct ModelIdentity {
    std::filesystem::path encoderDir;  // absolute: config.json + model.safetensors
    std::filesystem::path clipDir;     // absolute: CLIP checkpoint, Hugging Face layout
    std::string fingerprint;           // "audio:<16 hex> clip:<name> <16 hex>"

    static ModelIdentity resolve(const std::filesystem::path& modelArg, const std::filesystem::path& clipArg);
    // Fingerprint of the folders as they are on disk now.
    static std::string fingerprintOf(const std::filesystem::path& encoderDir, const std::filesystem::path& clipDir);
};

} // namespace soundframe
