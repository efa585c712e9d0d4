#pragma once
// ClipVisionEmbeddings: patches + class token + learned positions, named as Hugging Face's
// CLIPVisionEmbeddings (class_embedding, patch_embedding (conv, no bias), position_embedding).
//
//   ClipVisionEmbeddings emb(config.vision);
//   torch::Tensor tokens = emb(pixels);   // [N, C, S, S] -> [N, 1 + (S/P)^2, hidden]
//
// Throws Error when `pixels` is not [N, numChannels, imageSize, imageSize].
#include "ClipConfig.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/pimpl.h>

namespace soundframe {

class ClipVisionEmbeddingsImpl : public torch::nn::Module {
public:
    explicit ClipVisionEmbeddingsImpl(const ClipVisionConfig& config);
    torch::Tensor forward(const torch::Tensor& pixels);

    torch::Tensor class_embedding;                   // [hidden]
    torch::nn::Conv2d patch_embedding{nullptr};      // hidden x C x P x P
    torch::nn::Embedding position_embedding{nullptr};  // (1 + patches) x hidden

private:
    ClipVisionConfig m_config;
};
TORCH_MODULE(ClipVisionEmbeddings);

} // namespace soundframe
