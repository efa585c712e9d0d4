#pragma once
// ClipTextTower: CLIP's causal text transformer without its projection, named as Hugging
// Face's CLIPTextTransformer (embeddings, encoder, final_layer_norm), so that registered as
// "text_model" its parameters carry HF's state-dict names.
//
//   ClipTextTower tower(config.text);
//   torch::Tensor pooled = tower(ids);   // int64 [N, T] (ClipTokenizer output) -> [N, hidden]
//
// Each position attends only to itself and earlier ones. pooled is final_layer_norm's output at
// the FIRST position holding eosTokenId; with HF's legacy eosTokenId == 2 (old configs, incl.
// openai's) at the position of the largest id instead, which for CLIP's tokenizer is the first
// <|endoftext|> as well. A row without the eos id pools position 0, as HF does.
#include "ClipEncoder.h"
#include "ClipTextEmbeddings.h"

namespace soundframe {

class ClipTextTowerImpl : public torch::nn::Module {
public:
    explicit ClipTextTowerImpl(const ClipTextConfig& config);
    torch::Tensor forward(const torch::Tensor& ids);
    // The pooled position of each row of `ids` (int64 [N]).
    torch::Tensor poolPositions(const torch::Tensor& ids) const;

    ClipTextEmbeddings embeddings{nullptr};
    ClipEncoder encoder{nullptr};
    torch::nn::LayerNorm final_layer_norm{nullptr};

private:
    int64_t m_eosTokenId;
};
TORCH_MODULE(ClipTextTower);

} // namespace soundframe
