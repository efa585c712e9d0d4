#include "ClipVisionEmbeddings.h"

#include "base/Error.h"

#include <torch/torch.h>

#include <sstream>

namespace soundframe {

ClipVisionEmbeddingsImpl::ClipVisionEmbeddingsImpl(const ClipVisionConfig& config)
    : class_embedding(register_parameter("class_embedding", torch::randn({config.hiddenSize}))),
      patch_embedding(register_module(
          "patch_embedding",
          torch::nn::Conv2d(torch::nn::Conv2dOptions(config.numChannels, config.hiddenSize, config.patchSize)
                                .stride(config.patchSize)
                                .bias(false)))),
      position_embedding(register_module(
          "position_embedding",
          torch::nn::Embedding(1 + (config.imageSize / config.patchSize) * (config.imageSize / config.patchSize),
                               config.hiddenSize))),
      m_config(config)
{
}

torch::Tensor ClipVisionEmbeddingsImpl::forward(const torch::Tensor& pixels)
{
    const int s = m_config.imageSize;
    if (pixels.dim() != 4 || pixels.size(1) != m_config.numChannels || pixels.size(2) != s || pixels.size(3) != s) {
        std::ostringstream why;
        why << "CLIP image tower: expected pixels [N, " << m_config.numChannels << ", " << s << ", " << s
            << "], got " << pixels.sizes();
        throw Error(why.str());
    }
    const int64_t n = pixels.size(0);
    const auto patches = patch_embedding(pixels).flatten(2).transpose(1, 2);  // [N, patches, hidden]
    const auto cls = class_embedding.view({1, 1, -1}).expand({n, 1, class_embedding.size(0)});
    return torch::cat({cls, patches}, 1) + position_embedding->weight.unsqueeze(0);
}

} // namespace soundframe
