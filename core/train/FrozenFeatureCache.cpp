#include "FrozenFeatureCache.h"

#include <torch/torch.h>

namespace soundframe {

FrozenFeatureCache::FrozenFeatureCache(int64_t budgetMegabytes)
    : m_budgetBytes(std::max<int64_t>(0, budgetMegabytes) * 1024 * 1024)
{
}

torch::Tensor FrozenFeatureCache::batch(const std::vector<int64_t>& rows, const torch::Tensor& logMel,
                                        AudioEncoder& encoder)
{
    std::vector<torch::Tensor> parts;
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto kept = m_kept.find(rows[i]);
        if (kept != m_kept.end()) {
            parts.push_back(kept->second.to(logMel.device()));
            continue;
        }
        auto features = encoder->frozenFeatures(logMel.narrow(0, int64_t(i), 1)).squeeze(0);
        const int64_t bytes = features.numel() * int64_t(features.element_size());
        if (m_keptBytes + bytes <= m_budgetBytes) {
            m_kept.emplace(rows[i], features.to(torch::kCPU));
            m_keptBytes += bytes;
        }
        parts.push_back(features);
    }
    return torch::stack(parts);  // a new tensor: writing into it leaves the kept copies alone
}

} // namespace soundframe
