#include "ClipVisionTower.h"

#include <torch/torch.h>

namespace soundframe {

namespace {
torch::nn::LayerNorm layerNorm(const ClipVisionConfig& c)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hiddenSize}).eps(c.layerNormEps));
}
} // namespace

ClipVisionTowerImpl::ClipVisionTowerImpl(const ClipVisionConfig& config)
    : embeddings(register_module("embeddings", ClipVisionEmbeddings(config))),
      pre_layrnorm(register_module("pre_layrnorm", layerNorm(config))),
      encoder(register_module("encoder", ClipEncoder(config.hiddenSize, config.intermediateSize,
                                                     config.numAttentionHeads, config.numHiddenLayers,
                                                     config.hiddenAct, config.layerNormEps))),
      post_layernorm(register_module("post_layernorm", layerNorm(config)))
{
}

torch::Tensor ClipVisionTowerImpl::forward(const torch::Tensor& pixels)
{
    const auto hidden = encoder(pre_layrnorm(embeddings(pixels)));
    return post_layernorm(hidden.select(1, 0));
}

} // namespace soundframe
