#pragma once
// CnnAudioEncoder: a PANNs CNN10 / CNN14 style audio encoder over log-mel spectrograms, ending in a
// linear projection into CLIP's joint space.
//
//   AudioEncoderConfig c;                         // architecture "cnn", variant "cnn10"
//   CnnAudioEncoder f(c);
//   torch::Tensor e = f(logmel);                  // [B, n_mels, frames] -> [B, embedDim], not normalised
//
// Layers, named as in PANNs: bn0 (BatchNorm over the mel bins of the input), conv_block1..N
// (CnnConvBlock; 2x2 average pooling in the first five, none after, as CNN14's sixth), fc1,
// then `projection` (no bias). Head: mean over frequency -> max + mean over time -> dropout ->
// fc1 + ReLU -> dropout -> projection. Any number of frames >= timeAxis(.).stride works.
// Internally the input is laid out [B, 1, frames, mels] as PANNs does.
//
// Time resolution: timeFeatures() keeps the time axis; after k 2x2 poolings column j covers
// frames [j * 2^k, (j + 1) * 2^k) (timeAxis()). forwardSegments() pools the columns of each
// frame range (FeatureTimeAxis rules) through the same head, so the whole range [0, frames)
// gives exactly forward()'s result. Single-threaded use per instance, like any torch module.
#include "model/AudioEncoderConfig.h"
#include "model/CnnConvBlock.h"
#include "model/FeatureTimeAxis.h"

#include <torch/nn/modules/linear.h>

#include <utility>
#include <vector>

namespace soundframe {

class CnnAudioEncoderImpl : public torch::nn::Module {
public:
    explicit CnnAudioEncoderImpl(const AudioEncoderConfig& config);

    // `frozen`, when defined, is frozenFeatures() of the same log-mel: the frozen blocks are skipped
    // (AudioEncoder checks that it fits).
    torch::Tensor forward(const torch::Tensor& logmel, const torch::Tensor& frozen = {});
    // [B, L, embedDim]: one embedding per frame range, from one pass of the conv stack.
    torch::Tensor forwardSegments(const torch::Tensor& logmel,
                                  const std::vector<std::pair<int64_t, int64_t>>& frameRanges,
                                  const torch::Tensor& frozen = {});

    // [B, C, columns]: conv features averaged over frequency, time kept.
    torch::Tensor timeFeatures(const torch::Tensor& logmel, const torch::Tensor& frozen = {});
    // [B, C, frames', mels']: what bn0 and the frozen blocks make of `logmel`, without gradients.
    torch::Tensor frozenFeatures(const torch::Tensor& logmel);
    // [..., C, columns] -> [..., C]: max + mean over the columns.
    static torch::Tensor poolTime(const torch::Tensor& features);
    // [..., C] -> [..., embedDim]: dropout, fc1 + ReLU, dropout, projection.
    torch::Tensor head(const torch::Tensor& pooled);
    FeatureTimeAxis timeAxis(int64_t frames) const;

    int blockCount() const { return int(m_blocks.size()); }
    // Stops training bn0 and the first `blocks` conv blocks (0..blockCount()): their parameters no
    // longer require gradients, and they stay in eval mode — BatchNorm statistics as loaded, no
    // dropout — whatever train() says, so a frozen block computes the same features in every step.
    void freezeLeadingBlocks(int blocks);
    int frozenBlocks() const { return m_frozenBlocks; }
    void train(bool on = true) override;

private:
    void checkInput(const torch::Tensor& logmel) const;
    // [B, 1, frames, mels] input layout through bn0 and the first `blocks` conv blocks.
    torch::Tensor leadingBlocks(const torch::Tensor& logmel, int blocks);

    int64_t m_mels;
    int64_t m_timeReduction = 1;  // product of the blocks' poolings
    int m_frozenBlocks = 0;       // leading conv blocks (with bn0) that do not train
    double m_blockDropout;
    double m_headDropout;
    torch::nn::BatchNorm2d m_bn0;
    std::vector<CnnConvBlock> m_blocks;
    torch::nn::Linear m_fc1{nullptr};
    torch::nn::Linear m_projection{nullptr};
};
TORCH_MODULE(CnnAudioEncoder);

} // namespace soundframe
