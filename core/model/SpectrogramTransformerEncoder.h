#pragma once
// SpectrogramTransformerEncoder: an AST / vip-AnT style vision transformer over log-mel patches,
// ending in a linear projection into CLIP's joint space.
//
//   AudioEncoderConfig c;  c.architecture = "transformer";
//   SpectrogramTransformerEncoder f(c);
//   f->initFromClipVision(loadTorchTensors("clip/model.safetensors"), 12);   // optional
//   torch::Tensor e = f(logmel);              // [B, n_mels, frames] -> [B, embedDim], not normalised
//
// Structure: patch_embedding (1-channel Conv2d over (mel x time), no bias, kernel patchMel x
// patchTime, stride strideMel x strideTime) -> tokens in row-major (mel row, time column) order,
// class token first -> + position_embedding [1 + melPatches * maxTimePatches, H] (row 0 for the
// class token, then the (mel row, time column) grid; an input with T time columns uses the first
// T columns of the grid) -> pre_layernorm -> layers.N (ClipEncoderLayer: CLIP's own block,
// so names and structure match) -> pooling ("cls" token, or "mean" of the patch tokens) -> post_layernorm ->
// projection (no bias). Inputs need patchTime <= frames and at most maxTimePatches time columns.
//
// Time resolution: time column j covers frames [j * strideTime, j * strideTime + patchTime)
// (timeAxis()). forwardSegments() averages the patch tokens of the columns each range owns
// (FeatureTimeAxis rules) over all mel rows, then post_layernorm and projection: one pass through
// the transformer. The class token sees the whole clip and cannot be localised, so segments always
// use the mean; with pooling "mean" the full range [0, frames) reproduces forward().
#include "model/AudioEncoderConfig.h"
#include "model/ClipEncoderLayer.h"
#include "model/FeatureTimeAxis.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

class SpectrogramTransformerEncoderImpl : public torch::nn::Module {
public:
    explicit SpectrogramTransformerEncoderImpl(const AudioEncoderConfig& config);

    // `frozen`, when defined, is frozenFeatures() of the same log-mel: the frozen layers are skipped
    // (AudioEncoder checks that it fits).
    torch::Tensor forward(const torch::Tensor& logmel, const torch::Tensor& frozen = {});
    // [B, L, embedDim]: one embedding per frame range, from one pass of the transformer.
    torch::Tensor forwardSegments(const torch::Tensor& logmel,
                                  const std::vector<std::pair<int64_t, int64_t>>& frameRanges,
                                  const torch::Tensor& frozen = {});

    // [B, 1 + melPatches * timeColumns, H]: the last layer's tokens (before post_layernorm).
    torch::Tensor encode(const torch::Tensor& logmel, const torch::Tensor& frozen = {});
    // The tokens after the embeddings and the frozen layers, without gradients.
    torch::Tensor frozenFeatures(const torch::Tensor& logmel);
    // [..., H] -> [..., embedDim]: post_layernorm and projection.
    torch::Tensor head(const torch::Tensor& pooled);
    FeatureTimeAxis timeAxis(int64_t frames) const;
    int64_t melPatches() const { return m_melPatches; }

    int blockCount() const { return int(m_layers->size()); }
    // Stops training the patch and position embeddings, the class token, pre_layernorm and the
    // first `blocks` layers (0..blockCount()): their parameters no longer require gradients. The
    // layers have no dropout or running statistics, so train mode needs no exception.
    void freezeLeadingBlocks(int blocks);
    int frozenBlocks() const { return m_frozenBlocks; }

    // Copies a Hugging Face CLIP vision tower into this encoder, as AST / vip-AnT initialise from
    // an image model. Reads vision_model.{embeddings.*, pre_layrnorm, encoder.layers.N.*,
    // post_layernorm} and, when present, visual_projection.weight (other keys are ignored):
    //  - patch kernels [H, 3, P, P] are reduced to one channel by summing (clipPatchReduce "sum",
    //    as AST: a grey image repeated over RGB gives the summed kernel's response) or averaging
    //    ("mean"); when P x P differs from patchMel x patchTime the kernel is resized bilinearly and
    //    scaled by the area ratio (P * P) / (patchMel * patchTime) so a constant input keeps its
    //    response;
    //  - the class token's position is copied; the G x G image grid of positions is resized with
    //    bilinear interpolation (align_corners = false, as torch.nn.functional.interpolate) to the
    //    melPatches x maxTimePatches grid, image rows -> mel rows, image columns -> time columns;
    //  - every layer tensor is copied as is; the layer count must match.
    // Throws Error naming the tensor for missing tensors and shape mismatches (hidden size, MLP
    // size, projection size); `clipHeads` (0 = unknown) must equal transformer.heads.
    void initFromClipVision(const std::map<std::string, torch::Tensor>& hfState, int clipHeads = 0);

private:
    void checkInput(const torch::Tensor& logmel) const;
    // The embedded tokens through pre_layernorm and the first `layers` layers.
    torch::Tensor embedAndRun(const torch::Tensor& logmel, int layers);

    AudioEncoderConfig::Transformer m_options;
    int64_t m_mels;
    int64_t m_melPatches;
    int m_frozenBlocks = 0;
    torch::nn::Conv2d m_patchEmbedding;
    torch::Tensor m_classEmbedding;
    torch::Tensor m_positionEmbedding;
    torch::nn::LayerNorm m_preLayerNorm;
    torch::nn::ModuleList m_layers;
    torch::nn::LayerNorm m_postLayerNorm;
    torch::nn::Linear m_projection;
};
TORCH_MODULE(SpectrogramTransformerEncoder);

} // namespace soundframe
