#include "ClipEncoderLayer.h"

#include <torch/torch.h>

namespace soundframe {

namespace {
torch::nn::LayerNorm layerNorm(int size, double eps)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({size}).eps(eps));
}
} // namespace

ClipEncoderLayerImpl::ClipEncoderLayerImpl(int hiddenSize, int intermediateSize, int numHeads,
                                           const std::string& activation, double layerNormEps)
    : self_attn(register_module("self_attn", ClipAttention(hiddenSize, numHeads))),
      layer_norm1(register_module("layer_norm1", layerNorm(hiddenSize, layerNormEps))),
      mlp(register_module("mlp", ClipMlp(hiddenSize, intermediateSize, activation))),
      layer_norm2(register_module("layer_norm2", layerNorm(hiddenSize, layerNormEps)))
{
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask)
{
    const auto h = x + self_attn(layer_norm1(x), additiveMask);
    return h + mlp(layer_norm2(h));
}

} // namespace soundframe
