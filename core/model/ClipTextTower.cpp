#include "ClipTextTower.h"

#include <torch/torch.h>

#include <limits>

namespace soundframe {

ClipTextTowerImpl::ClipTextTowerImpl(const ClipTextConfig& config)
    : embeddings(register_module("embeddings", ClipTextEmbeddings(config))),
      encoder(register_module("encoder", ClipEncoder(config.hiddenSize, config.intermediateSize,
                                                     config.numAttentionHeads, config.numHiddenLayers,
                                                     config.hiddenAct, config.layerNormEps))),
      final_layer_norm(register_module(
          "final_layer_norm",
          torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hiddenSize}).eps(config.layerNormEps)))),
      m_eosTokenId(config.eosTokenId)
{
}

torch::Tensor ClipTextTowerImpl::poolPositions(const torch::Tensor& ids) const
{
    if (m_eosTokenId == 2)
        return ids.argmax(-1);
    // argmax returns the first of equal maxima: the first eos.
    return ids.eq(m_eosTokenId).to(torch::kInt32).argmax(-1);
}

torch::Tensor ClipTextTowerImpl::forward(const torch::Tensor& ids)
{
    const auto x = embeddings(ids);
    const int64_t t = ids.size(1);
    const auto causal = torch::full({t, t}, -std::numeric_limits<float>::infinity(), x.options()).triu(1);
    const auto hidden = final_layer_norm(encoder(x, causal));
    const auto rows = torch::arange(ids.size(0), ids.options().device(hidden.device()));
    return hidden.index({rows, poolPositions(ids).to(hidden.device())});
}

} // namespace soundframe
