#include "ClipEncoder.h"

#include <torch/torch.h>

namespace soundframe {

ClipEncoderImpl::ClipEncoderImpl(int hiddenSize, int intermediateSize, int numHeads, int numLayers,
                                 const std::string& activation, double layerNormEps)
    : layers(register_module("layers", torch::nn::ModuleList()))
{
    for (int i = 0; i < numLayers; ++i)
        layers->push_back(ClipEncoderLayer(hiddenSize, intermediateSize, numHeads, activation, layerNormEps));
}

torch::Tensor ClipEncoderImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask)
{
    auto h = x;
    for (const auto& layer : *layers)
        h = layer->as<ClipEncoderLayerImpl>()->forward(h, additiveMask);
    return h;
}

} // namespace soundframe
