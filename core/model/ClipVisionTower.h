#pragma once
// ClipVisionTower: CLIP's image transformer without its projection, named as Hugging Face's
// CLIPVisionTransformer (embeddings, pre_layrnorm [sic], encoder, post_layernorm), so that
// registered as "vision_model" its parameters carry HF's state-dict names.
//
//   ClipVisionTower tower(config.vision);
//   torch::Tensor pooled = tower(pixels);   // [N, C, S, S] normalised -> [N, hidden]
//
// pooled = post_layernorm(class-token output), HF's pooler_output. No dropout; the caller
// chooses grad mode and device.
#include "ClipEncoder.h"
#include "ClipVisionEmbeddings.h"

namespace soundframe {

class ClipVisionTowerImpl : public torch::nn::Module {
public:
    explicit ClipVisionTowerImpl(const ClipVisionConfig& config);
    torch::Tensor forward(const torch::Tensor& pixels);

    ClipVisionEmbeddings embeddings{nullptr};
    torch::nn::LayerNorm pre_layrnorm{nullptr};  // HF's spelling
    ClipEncoder encoder{nullptr};
    torch::nn::LayerNorm post_layernorm{nullptr};
};
TORCH_MODULE(ClipVisionTower);

} // namespace soundframe
