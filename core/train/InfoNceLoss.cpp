#include "InfoNceLoss.h"

#include "base/Error.h"

#include <torch/torch.h>

#include <cmath>

namespace soundframe {

InfoNceLossImpl::InfoNceLossImpl(const InfoNceOptions& options) : m_options(options)
{
    if (options.initialTemperature <= 0 || options.maxLogitScale <= 0)
        throw Error("InfoNCE: temperature and its clamp must be positive");
    auto initial = torch::full({}, std::log(1.0 / options.initialTemperature));
    // Registered even when frozen so checkpoints always carry the temperature.
    m_logitScale = register_parameter("logit_scale", initial, options.learnableTemperature);
}

torch::Tensor InfoNceLossImpl::forward(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& groups)
{
    if (x.dim() != 2 || y.dim() != 2 || x.size(0) != y.size(0) || x.size(1) != y.size(1))
        throw Error("InfoNCE: expected two [N, D] tensors of one shape");
    const auto xn = torch::nn::functional::normalize(x, torch::nn::functional::NormalizeFuncOptions().dim(1));
    const auto yn = torch::nn::functional::normalize(y, torch::nn::functional::NormalizeFuncOptions().dim(1));
    // clamp_max keeps 1/tau <= max; beyond it the temperature simply stops moving.
    const auto scale = m_logitScale.clamp_max(std::log(m_options.maxLogitScale)).exp();
    auto logits = scale * torch::matmul(xn, yn.t());
    if (groups.defined()) {
        const auto g = groups.to(logits.device()).view({-1});
        auto sameGroup = g.unsqueeze(1) == g.unsqueeze(0);
        sameGroup.fill_diagonal_(false);
        logits = logits.masked_fill(sameGroup, -std::numeric_limits<float>::infinity());
    }
    const auto targets = torch::arange(x.size(0), torch::TensorOptions().dtype(torch::kLong).device(x.device()));
    return 0.5 * (torch::nn::functional::cross_entropy(logits, targets)
                  + torch::nn::functional::cross_entropy(logits.t(), targets));
}

double InfoNceLossImpl::logitScale() const
{
    return std::exp(std::min(m_logitScale.item<double>(), std::log(m_options.maxLogitScale)));
}

} // namespace soundframe
