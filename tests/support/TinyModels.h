#pragma once
// TinyModels: the smallest models the CLI tests need, made in seconds.
//
//   const QString error = test::makeTinyModels(dir, 8);  // empty on success
//   test::saveTinyAudioEncoder(dir + "/encoder", 3);       // just the audio encoder
//   // dir/clipref/model: a random CLIP (Hugging Face layout, tokenizer included, projection 40)
//   // dir/run/audio-encoder: a random CNN audio encoder (1 s clips, 40-d), dir/run/config.json names the CLIP
// Include after <torch/torch.h> and before Qt headers, as every torch-using test does.
#include "TestSupport.h"
#include "model/AudioEncoder.h"

#include <QString>

#include <filesystem>

namespace soundframe::test {

// A random CNN audio encoder (1 s clips, 40-d: the tiny CLIP's projection) saved to `dir`.
inline void saveTinyAudioEncoder(const std::filesystem::path& dir, int seed)
{
    AudioEncoderConfig config;
    config.cnn.channels = {8, 16, 32};
    config.logMel.nMels = 32;
    config.embedDim = 40;
    config.clipSeconds = 1.0;
    torch::manual_seed(seed);
    saveAudioEncoder(AudioEncoder(config), dir);
}

inline QString makeTinyModels(const QString& dir, int seed)
{
    const auto r = runPythonScript("clip_reference.py", {"make", dir + "/clipref", "--vocab", "600", "--tokenizer"});
    if (r.exitCode != 0)
        return "clip_reference.py make failed: " + r.stderrText;
    saveTinyAudioEncoder((dir + "/run/audio-encoder").toStdString(), seed);
    if (!writeBytes(dir + "/run/config.json", QString("{\"clip_dir\": \"%1/clipref/model\"}").arg(dir).toUtf8()))
        return "cannot write " + dir + "/run/config.json";
    return {};
}

} // namespace soundframe::test
