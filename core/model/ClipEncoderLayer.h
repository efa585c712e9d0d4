#pragma once
// ClipEncoderLayer: one pre-norm transformer block shared by CLIP's image and text towers,
// named as Hugging Face's CLIPEncoderLayer (self_attn, layer_norm1, mlp, layer_norm2).
//
//   ClipEncoderLayer block(768, 3072, 12, "quick_gelu", 1e-5);
//   x = block(x, mask);   // x + attn(ln1(x)), then + mlp(ln2(.)); shape kept [N, T, 768]
//
// `additiveMask` as in ClipAttention (undefined: attend everywhere).
#include "ClipAttention.h"
#include "ClipMlp.h"

#include <torch/nn/modules/normalization.h>

#include <string>

namespace soundframe {

class ClipEncoderLayerImpl : public torch::nn::Module {
public:
    ClipEncoderLayerImpl(int hiddenSize, int intermediateSize, int numHeads, const std::string& activation,
                         double layerNormEps);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask = {});

    ClipAttention self_attn{nullptr};
    torch::nn::LayerNorm layer_norm1{nullptr};
    ClipMlp mlp{nullptr};
    torch::nn::LayerNorm layer_norm2{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

} // namespace soundframe
