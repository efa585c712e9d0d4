#pragma once
// AudioEncoderConfig: everything needed to rebuild a trainable audio encoder f, saved as the
// config.json next to its weights.
//
//   AudioEncoderConfig c = readAudioEncoderConfig("models/audio/config.json");  // defaults + overrides
//   c.architecture = "transformer";
//   c.transformer.layers = 6;
//   writeAudioEncoderConfig(c, "run/audio/config.json");                       // atomic
//
// JSON keys are the snake_case of the fields below ("embed_dim", "log_mel": {"n_mels": 64},
// "transformer": {"max_time_patches": 64}); a file overrides only the fields it names, unknown
// keys and wrong types are Errors naming the file and the field. validate() checks ranges and
// cross-field constraints (e.g. a clip of clipSeconds must fit into maxTimePatches).
// Plain value type; no torch.
#include "media/LogMelOptions.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct AudioEncoderConfig {
    // PANNs CNN10 / CNN14 family (Kong et al. 2020).
    struct Cnn {
        std::string variant = "cnn10";  // "cnn10" (64-128-256-512) or "cnn14" (64-...-2048)
        std::vector<int> channels;      // explicit conv block widths; overrides variant when non-empty
        double blockDropout = 0.2;      // dropout after each conv block (PANNs: 0.2)
        double headDropout = 0.5;       // dropout before and after fc1 (PANNs: 0.5)
    };
    // Audio Spectrogram Transformer / vip-AnT style ViT over (mel x time) patches.
    struct Transformer {
        int patchMel = 16;                    // patch height, mel bins
        int patchTime = 16;                   // patch width, log-mel frames
        int strideMel = 16;                   // patch step over mel bins (< patchMel: overlap)
        int strideTime = 16;                  // patch step over frames (< patchTime: overlap)
        int hiddenSize = 768;                 // token width (CLIP ViT-B: 768)
        int layers = 12;                      // transformer blocks (CLIP ViT-B: 12)
        int heads = 12;                       // attention heads; hiddenSize % heads == 0
        int mlpSize = 3072;                   // MLP inner width (CLIP ViT-B: 3072)
        int maxTimePatches = 64;              // learned time positions; longer inputs are Errors
        std::string activation = "quick_gelu";  // MLP activation: "quick_gelu" (OpenAI CLIP) or "gelu"
        double layerNormEps = 1e-5;           // LayerNorm epsilon (CLIP: 1e-5)
        std::string pooling = "cls";          // clip embedding from the "cls" token or the "mean" of patch tokens
        std::string clipPatchReduce = "sum";  // initFromClipVision: RGB kernels to 1 channel by "sum" or "mean"
    };

    std::string architecture = "cnn";  // "cnn" or "transformer"
    Cnn cnn;                           // used when architecture == "cnn"
    Transformer transformer;           // used when architecture == "transformer"
    int embedDim = 512;                // projection output = CLIP joint-space size (ViT-B/32: 512)
    double clipSeconds = 10.0;         // training clip length, seconds
    LogMelOptions logMel;              // the front end that produces the encoder's input

    // Conv block widths the CNN uses (variant expanded unless `channels` is set).
    std::vector<int> cnnChannels() const;
    // Log-mel frames of a clip of `seconds` (centred frames: samples / hop + 1).
    int64_t framesFor(double seconds) const;
    // Throws Error(where, "<field>: <reason>") for out-of-range or inconsistent settings.
    void validate(const std::string& where = "audio encoder config") const;
};

// The JSON text of `config` (every field, with a format version), and its inverse.
std::string audioEncoderConfigToJson(const AudioEncoderConfig& config);
// Starts from the defaults and overrides the fields `json` names; `where` names the source in Errors.
AudioEncoderConfig audioEncoderConfigFromJson(const std::string& json, const std::string& where);

AudioEncoderConfig readAudioEncoderConfig(const std::filesystem::path& path);
void writeAudioEncoderConfig(const AudioEncoderConfig& config, const std::filesystem::path& path);

} // namespace soundframe
