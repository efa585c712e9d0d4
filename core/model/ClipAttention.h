#pragma once
// ClipAttention: CLIP's multi-head self-attention, parameters named as Hugging Face's
// CLIPAttention (q_proj, k_proj, v_proj, out_proj, each a Linear with bias).
//
//   ClipAttention attn(512, 8);
//   torch::Tensor y = attn(x, causalMask);   // x [N, T, 512] -> [N, T, 512]
//
// `additiveMask` is undefined (no mask) or a float tensor broadcastable to [N, heads, T, T]
// added to the attention logits (-inf where a position must not be attended). Written with
// matmul + softmax so it builds against LibTorch 1.13 and 2.x alike. No dropout.
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace soundframe {

class ClipAttentionImpl : public torch::nn::Module {
public:
    ClipAttentionImpl(int hiddenSize, int numHeads);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask = {});

    torch::nn::Linear q_proj{nullptr};
    torch::nn::Linear k_proj{nullptr};
    torch::nn::Linear v_proj{nullptr};
    torch::nn::Linear out_proj{nullptr};

private:
    int m_numHeads;
    int m_headDim;
};
TORCH_MODULE(ClipAttention);

} // namespace soundframe
