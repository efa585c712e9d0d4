#pragma once
// ClipMlp: the feed-forward half of a CLIP block, named as Hugging Face's CLIPMLP
// (fc1 -> activation -> fc2).
//
//   ClipMlp mlp(768, 3072, "quick_gelu");
//   torch::Tensor y = mlp(x);   // [..., 768] -> [..., 768]
//
// Activations (config hidden_act): quick_gelu x*sigmoid(1.702x); gelu (exact, erf);
// gelu_new / gelu_pytorch_tanh / gelu_fast (tanh approximation); relu; silu / swish.
// Throws Error for any other name.
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <string>

namespace soundframe {

class ClipMlpImpl : public torch::nn::Module {
public:
    ClipMlpImpl(int hiddenSize, int intermediateSize, std::string activation);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear fc1{nullptr};
    torch::nn::Linear fc2{nullptr};

private:
    std::string m_activation;
};
TORCH_MODULE(ClipMlp);

} // namespace soundframe
