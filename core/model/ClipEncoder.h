#pragma once
// ClipEncoder: the stack of ClipEncoderLayer blocks of one CLIP tower, registered as
// "layers.N..." like Hugging Face's CLIPEncoder.
//
//   ClipEncoder encoder(768, 3072, 12, 12, "quick_gelu", 1e-5);
//   torch::Tensor h = encoder(x);   // [N, T, 768] -> [N, T, 768]
#include "ClipEncoderLayer.h"

#include <torch/nn/modules/container/modulelist.h>

#include <string>

namespace soundframe {

class ClipEncoderImpl : public torch::nn::Module {
public:
    ClipEncoderImpl(int hiddenSize, int intermediateSize, int numHeads, int numLayers,
                    const std::string& activation, double layerNormEps);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask = {});

    torch::nn::ModuleList layers{nullptr};
};
TORCH_MODULE(ClipEncoder);

} // namespace soundframe
