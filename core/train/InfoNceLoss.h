#pragma once
// InfoNceLoss: the symmetric contrastive loss of CLIP, with a learnable temperature, for any pair of
// modalities (audio-image in stage 1, audio-text in stage 2, image-text for the stand-in tower).
//
//   InfoNceLoss loss;                                  // 1/tau starts at 1/0.07, learnable
//   torch::Tensor l = loss(audioEmb, frameEmb);        // rows k of both are the positive pairs
//   torch::Tensor m = loss(segEmb, frameEmb, clipIds); // Multiframe: other segments of one clip masked
//
// For N pairs with unit-normalised x_k, y_k and scale s = 1/tau = exp(logit_scale) (clamped at 100):
//   L = 1/(2N) * sum_k [ CE(s * x_k . Y^T, k) + CE(s * y_k . X^T, k) ]
// Inputs need not be normalised; the loss normalises them. With `groups` [N] (int64), entries j != k
// of the same group are removed from both softmaxes, so they count neither as positives nor negatives.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace soundframe {

struct InfoNceOptions {
    double initialTemperature = 0.07;  // tau at the start (CLIP's value)
    double maxLogitScale = 100.0;      // 1/tau never exceeds this
    bool learnableTemperature = true;  // false: tau stays at initialTemperature
};

class InfoNceLossImpl : public torch::nn::Module {
public:
    explicit InfoNceLossImpl(const InfoNceOptions& options = {});
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& y,
                          const torch::Tensor& groups = torch::Tensor());
    // Current 1/tau after clamping (a plain number, for logging).
    double logitScale() const;
    double temperature() const { return 1.0 / logitScale(); }
    torch::Tensor logitScaleParameter() const { return m_logitScale; }

private:
    InfoNceOptions m_options;
    torch::Tensor m_logitScale;  // log(1/tau)
};
TORCH_MODULE(InfoNceLoss);

} // namespace soundframe
