#include "ClipTextEmbeddings.h"

#include "base/Error.h"

#include <torch/torch.h>

#include <sstream>

namespace soundframe {

ClipTextEmbeddingsImpl::ClipTextEmbeddingsImpl(const ClipTextConfig& config)
    : token_embedding(register_module("token_embedding", torch::nn::Embedding(config.vocabSize, config.hiddenSize))),
      position_embedding(register_module("position_embedding",
                                         torch::nn::Embedding(config.maxPositionEmbeddings, config.hiddenSize))),
      m_config(config)
{
}

torch::Tensor ClipTextEmbeddingsImpl::forward(const torch::Tensor& ids)
{
    if (ids.dim() != 2 || ids.size(1) < 1 || ids.size(1) > m_config.maxPositionEmbeddings
        || ids.scalar_type() != torch::kInt64) {
        std::ostringstream why;
        why << "CLIP text tower: expected int64 token ids [N, T] with 1 <= T <= " << m_config.maxPositionEmbeddings
            << ", got " << ids.scalar_type() << " " << ids.sizes();
        throw Error(why.str());
    }
    if (ids.numel() > 0) {
        const int64_t lo = ids.min().item<int64_t>();
        const int64_t hi = ids.max().item<int64_t>();
        if (lo < 0 || hi >= m_config.vocabSize)
            throw Error("CLIP text tower: token id " + std::to_string(lo < 0 ? lo : hi) + " outside the vocabulary [0, "
                        + std::to_string(m_config.vocabSize) + ")");
    }
    const int64_t t = ids.size(1);
    return token_embedding(ids) + position_embedding->weight.slice(0, 0, t).unsqueeze(0);
}

} // namespace soundframe
