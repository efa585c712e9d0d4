#include "ClipAttention.h"

#include <torch/torch.h>

#include <cmath>

namespace soundframe {

ClipAttentionImpl::ClipAttentionImpl(int hiddenSize, int numHeads)
    : q_proj(register_module("q_proj", torch::nn::Linear(hiddenSize, hiddenSize))),
      k_proj(register_module("k_proj", torch::nn::Linear(hiddenSize, hiddenSize))),
      v_proj(register_module("v_proj", torch::nn::Linear(hiddenSize, hiddenSize))),
      out_proj(register_module("out_proj", torch::nn::Linear(hiddenSize, hiddenSize))),
      m_numHeads(numHeads),
      m_headDim(hiddenSize / numHeads)
{
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask)
{
    const int64_t n = x.size(0);
    const int64_t t = x.size(1);
    const auto heads = [&](const torch::Tensor& y) {
        return y.view({n, t, m_numHeads, m_headDim}).transpose(1, 2);  // [N, H, T, hd]
    };
    // Scaling q before the product, as CLIP does, keeps float32 rounding close to the reference.
    const auto q = heads(q_proj(x) * (1.0 / std::sqrt(double(m_headDim))));
    const auto k = heads(k_proj(x));
    const auto v = heads(v_proj(x));
    auto logits = torch::matmul(q, k.transpose(-2, -1));
    if (additiveMask.defined())
        logits = logits + additiveMask;
    const auto weights = torch::softmax(logits, -1);
    const auto mixed = torch::matmul(weights, v).transpose(1, 2).reshape({n, t, m_numHeads * m_headDim});
    return out_proj(mixed);
}

} // namespace soundframe
