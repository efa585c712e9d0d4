#include "LogMelCache.h"

#include <torch/torch.h>

namespace soundframe {

LogMelCache::LogMelCache(const AudioFrontEnd& front, int64_t budgetMegabytes)
    : m_front(front), m_budgetBytes(std::max<int64_t>(0, budgetMegabytes) * 1024 * 1024)
{
}

torch::Tensor LogMelCache::batch(const std::vector<int64_t>& rows, const std::vector<torch::Tensor>& audio,
                                 const torch::Device& device)
{
    std::vector<size_t> missing;
    for (size_t i = 0; i < rows.size(); ++i)
        if (!m_kept.count(rows[i]))
            missing.push_back(i);
    torch::Tensor computed;
    if (!missing.empty()) {
        // The clips not kept yet go through the front end together.
        std::vector<torch::Tensor> missingAudio;
        for (const auto i : missing)
            missingAudio.push_back(audio[i]);
        computed = m_front.logMel(missingAudio, device);
        for (size_t j = 0; j < missing.size(); ++j) {
            const int64_t bytes = computed[int64_t(j)].numel() * int64_t(computed.element_size());
            if (m_keptBytes + bytes > m_budgetBytes)
                break;
            // A copy of its own: a kept row must not hold the whole batch's storage.
            m_kept.emplace(rows[missing[j]], computed[int64_t(j)].to(torch::kCPU).clone());
            m_keptBytes += bytes;
        }
    }
    std::vector<torch::Tensor> parts(rows.size());
    for (size_t j = 0; j < missing.size(); ++j)
        parts[missing[j]] = computed[int64_t(j)];
    for (size_t i = 0; i < rows.size(); ++i)
        if (!parts[i].defined())
            parts[i] = m_kept.at(rows[i]).to(device);
    return torch::stack(parts);  // a new tensor: writing into it leaves the kept copies alone
}

} // namespace soundframe
