#include "ClipMlp.h"

#include "ClipConfig.h"
#include "base/Error.h"

#include <torch/torch.h>

#include <cmath>

namespace soundframe {

namespace {
torch::Tensor activate(const torch::Tensor& x, const std::string& name)
{
    if (name == "quick_gelu")
        return x * torch::sigmoid(1.702 * x);
    if (name == "gelu")
        return torch::gelu(x);
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast") {
        // Written out: torch::gelu's `approximate` argument differs across LibTorch versions.
        const double c = std::sqrt(2.0 / 3.14159265358979323846);  // sqrt(2 / pi)
        return 0.5 * x * (1.0 + torch::tanh(c * (x + 0.044715 * x * x * x)));
    }
    if (name == "relu")
        return torch::relu(x);
    if (name == "silu" || name == "swish")
        return x * torch::sigmoid(x);
    throw Error("CLIP MLP: unsupported activation '" + name + "'");
}
} // namespace

ClipMlpImpl::ClipMlpImpl(int hiddenSize, int intermediateSize, std::string activation)
    : fc1(register_module("fc1", torch::nn::Linear(hiddenSize, intermediateSize))),
      fc2(register_module("fc2", torch::nn::Linear(intermediateSize, hiddenSize))),
      m_activation(std::move(activation))
{
    if (!isSupportedClipActivation(m_activation))
        throw Error("CLIP MLP: unsupported activation '" + m_activation + "'");
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x)
{
    return fc2(activate(fc1(x), m_activation));
}

} // namespace soundframe
