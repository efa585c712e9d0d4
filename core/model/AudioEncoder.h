#pragma once
// AudioEncoder: the trainable audio encoder f, one of the backbones chosen by its config, with
// its projection into CLIP's joint space; saved as a directory (config.json + model.safetensors).
//
//   AudioEncoder f(config);                                     // config.architecture: cnn | transformer
//   torch::Tensor e = f(logmel);                                // [B, n_mels, frames] -> [B, D]
//   torch::Tensor s = f->forwardSegments(logmel, {{0, 100}, {100, 200}});   // [B, 2, D]
//   f->freezeLeadingBlocks(3);
//   torch::Tensor k = f->frozenFeatures(logmel);                 // what the frozen blocks make of it
//   torch::Tensor e2 = f(logmel, k);                             // == f(logmel), the frozen blocks skipped
//   saveAudioEncoder(f, "run/audio");                           // both files written atomically
//   AudioEncoder g = loadAudioEncoder("run/audio", torch::kCPU);   // bit-exact, in eval mode
//
// Embeddings are projected but NOT normalised. Any number of frames works as long as the backbone
// accepts it (CNN: at least 2^poolings frames; transformer: one patch up to maxTimePatches).
// forwardSegments() runs the backbone once and pools its time-resolved features within each range
// of log-mel frames [begin, end): see FeatureTimeAxis for the frame -> feature column mapping and
// CnnAudioEncoder / SpectrogramTransformerEncoder for each backbone's pooling. Empty or
// out-of-bounds ranges are Errors. Tensor names in model.safetensors are the module's state
// ("cnn.conv_block1.conv1.weight", "transformer.layers.0.self_attn.q_proj.weight", ...),
// including BatchNorm running statistics and num_batches_tracked (int64).
// frozenFeatures() exists for the trainer's FrozenFeatureCache: frozen blocks compute the same
// output for a clip at every step, so a run can compute it once per clip.
// A module is used by one thread at a time.
#include "model/AudioEncoderConfig.h"
#include "model/CnnAudioEncoder.h"
#include "model/FeatureTimeAxis.h"
#include "model/SpectrogramTransformerEncoder.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

class AudioEncoderImpl : public torch::nn::Module {
public:
    // Throws Error when `config` does not validate.
    explicit AudioEncoderImpl(const AudioEncoderConfig& config);

    // `frozen`, when defined, is frozenFeatures() of the same log-mel, and the frozen blocks are skipped.
    torch::Tensor forward(const torch::Tensor& logmel, const torch::Tensor& frozen = {});
    torch::Tensor forwardSegments(const torch::Tensor& logmel,
                                  const std::vector<std::pair<int64_t, int64_t>>& frameRanges,
                                  const torch::Tensor& frozen = {});
    // What the frozen input side (freezeLeadingBlocks) makes of `logmel`, without gradients: the
    // backbone's own layout. Error when nothing is frozen.
    torch::Tensor frozenFeatures(const torch::Tensor& logmel);

    const AudioEncoderConfig& config() const { return m_config; }
    FeatureTimeAxis timeAxis(int64_t frames) const;
    // The backbone's blocks in input order: a CNN's conv blocks, a transformer's layers.
    int blockCount() const;
    // Keeps the input side — the first `blocks` blocks and what feeds them — as it is: a partial
    // fine-tune of a pretrained encoder (the backbones' freezeLeadingBlocks say exactly what stops).
    // The head and projection always train. Error when `blocks` is outside 0..blockCount().
    void freezeLeadingBlocks(int blocks);
    int frozenBlocks() const;
    // Every parameter and buffer by its state name, in registration order.
    std::vector<std::pair<std::string, torch::Tensor>> namedTensors() const;
    // The backbone in use; the other one is empty (nullptr).
    CnnAudioEncoder cnn() const { return m_cnn; }
    SpectrogramTransformerEncoder transformer() const { return m_transformer; }

private:
    // Error unless `frozen` is undefined or can be frozenFeatures() of `logmel`.
    void checkFrozen(const torch::Tensor& logmel, const torch::Tensor& frozen) const;

    AudioEncoderConfig m_config;
    CnnAudioEncoder m_cnn{nullptr};
    SpectrogramTransformerEncoder m_transformer{nullptr};
};
TORCH_MODULE(AudioEncoder);

// Writes dir/model.safetensors, then dir/config.json, each atomically; creates `dir`.
void saveAudioEncoder(const AudioEncoder& encoder, const std::filesystem::path& dir);
// Rebuilds the encoder from dir/config.json and fills it from dir/model.safetensors, then moves
// it to `device` in eval mode. Missing, misshaped or unexpected tensors are Errors naming the
// file and the tensor.
AudioEncoder loadAudioEncoder(const std::filesystem::path& dir, const torch::Device& device);

} // namespace soundframe
