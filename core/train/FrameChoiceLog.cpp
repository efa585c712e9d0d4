#include "FrameChoiceLog.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

namespace soundframe {

FrameChoiceLog::FrameChoiceLog(const std::filesystem::path& runDir, std::string matching, const FrameCacheReader& cache,
                               const torch::Device& device)
    : m_file(runDir / "choices.jsonl"), m_matching(std::move(matching)), m_cache(cache), m_device(device)
{
}

void FrameChoiceLog::record(int64_t step, int epoch, const std::vector<int64_t>& rows, const std::vector<int64_t>& frames,
                            DistributedContext* dist, bool writer) const
{
    auto picks = torch::tensor(frames, torch::kInt64);
    auto clips = torch::tensor(rows, torch::kInt64);
    if (dist) {
        picks = dist->allGatherKeepingLocalGrad(picks.to(m_device)).cpu();
        clips = dist->allGatherKeepingLocalGrad(clips.to(m_device)).cpu();
    }
    if (!writer)
        return;
    picks = picks.contiguous();
    clips = clips.contiguous();
    const auto* pick = picks.data_ptr<int64_t>();
    const auto* clip = clips.data_ptr<int64_t>();
    std::string lines;
    for (int64_t i = 0; i < picks.numel(); ++i)
        lines += (i ? "\n" : "")
                 + nlohmann::json{{"step", step}, {"epoch", epoch}, {"matching", m_matching},
                                  {"clip", m_cache.record(size_t(clip[i])).id}, {"frame", pick[i]}}.dump();
    m_file.append(lines);
}

} // namespace soundframe
