#include "FrameChoiceLog.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <fstream>

namespace soundframe {

FrameChoiceLog::FrameChoiceLog(const std::filesystem::path& runDir, std::string matching, const FrameCacheReader& cache,
                               const torch::Device& device, const std::string& fileName)
    : m_file(runDir / fileName), m_matching(std::move(matching)), m_cache(cache), m_device(device)
{
}

std::vector<FrameChoice> FrameChoiceLog::read(const std::filesystem::path& runDir, const std::string& fileName)
{
    std::vector<FrameChoice> choices;
    std::ifstream in(runDir / fileName);
    std::string line;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("clip") || !j.contains("frame"))
            continue;
        try {
            choices.push_back({j.value("step", int64_t(0)), j.value("epoch", 0), j.value("matching", std::string()),
                               j.at("clip").get<std::string>(), j.at("frame").get<int>()});
        } catch (const nlohmann::json::exception&) {
            // a field of the wrong type: not one of ours
        }
    }
    return choices;
}

std::vector<int> FrameChoiceLog::framePerEpoch(const std::vector<FrameChoice>& choices, const std::string& clip, int epochs)
{
    std::vector<int> frames;
    for (const FrameChoice& c : choices) {
        if (c.clip != clip || c.epoch < 0)
            continue;
        if (frames.empty())
            frames.assign(size_t(std::max(epochs, 0)), -1);
        if (c.epoch >= int(frames.size()))
            frames.resize(size_t(c.epoch) + 1, -1);
        frames[size_t(c.epoch)] = c.frame;  // file order is step order: the last choice wins
    }
    return frames;
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
