#pragma once
// ClipTextEmbeddings: token + learned position embeddings, named as Hugging Face's
// CLIPTextEmbeddings (token_embedding, position_embedding).
//
//   ClipTextEmbeddings emb(config.text);
//   torch::Tensor x = emb(ids);   // int64 [N, T], T <= maxPositionEmbeddings -> [N, T, hidden]
//
// Throws Error for a wrong shape, a too long sequence or an id outside [0, vocabSize).
#include "ClipConfig.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/pimpl.h>

namespace soundframe {

class ClipTextEmbeddingsImpl : public torch::nn::Module {
public:
    explicit ClipTextEmbeddingsImpl(const ClipTextConfig& config);
    torch::Tensor forward(const torch::Tensor& ids);

    torch::nn::Embedding token_embedding{nullptr};     // vocab x hidden
    torch::nn::Embedding position_embedding{nullptr};  // maxPositions x hidden

private:
    ClipTextConfig m_config;
};
TORCH_MODULE(ClipTextEmbeddings);

} // namespace soundframe
