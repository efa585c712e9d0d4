#include "DemoRunPlan.h"

#include "base/Error.h"
#include "train/TrainMetrics.h"

namespace soundframe {

namespace fs = std::filesystem;

std::string demoRunStageName(DemoRunStage stage)
{
    switch (stage) {
    case DemoRunStage::Tagging:
        return "tag";
    case DemoRunStage::Stage1:
        return "stage1";
    case DemoRunStage::Stage2:
        return "stage2";
    case DemoRunStage::Search:
        return "search";
    }
    return "stage1";
}

fs::path DemoRun::initFrom(const DemoPipelineParams& p) const
{
    // A stage 2 (and the search model) starts from its stage-1 run; stage 1, and stage 2 without it,
    // start where the field starts: from the tagged encoder.
    if ((stage == DemoRunStage::Stage2 || stage == DemoRunStage::Search) && method != "scratch")
        return dir.parent_path() / ("stage1" + name.substr(name.find('-'))) / "audio-encoder";
    if (stage != DemoRunStage::Tagging && p.tagEpochs > 0)
        return dir.parent_path() / "audio-tagging" / "audio-encoder";
    return {};
}

double DemoRun::lastValidation(const std::string& key) const
{
    double value = 0;
    for (const TrainMetrics& m : TrainMetrics::readFile(dir / "metrics.jsonl"))
        if (m.kind == "epoch" && !m.validation.empty()) {
            const auto it = m.validation.find(key);
            value = it == m.validation.end() ? 0.0 : it->second;
        }
    return value;
}

DemoRunPlan::DemoRunPlan(const DemoPipelineParams& p) : m_params(p)
{
    m_stage1Lengths = {p.stage1Epochs};
    if (p.stage1ShortEpochs > 0)
        m_stage1Lengths.insert(m_stage1Lengths.begin(), p.stage1ShortEpochs);
    for (int seed : p.seeds) {
        const fs::path seedDir = p.outDir / "runs" / ("seed-" + std::to_string(seed));
        if (p.tagEpochs > 0)
            m_runs.push_back({seed, "audio-tagging", DemoRunStage::Tagging, "tagging", seedDir / "audio-tagging", p.tagEpochs});
        for (const int length : m_stage1Lengths) {
            const std::string suffix = length == p.stage1Epochs ? "" : "-e" + std::to_string(length);
            for (const auto& m : p.methods)
                m_runs.push_back({seed, "stage1-" + m + suffix, DemoRunStage::Stage1, m, seedDir / ("stage1-" + m + suffix), length,
                                  length});
            for (const auto& m : p.methods)
                m_runs.push_back({seed, "stage2-" + m + suffix, DemoRunStage::Stage2, m, seedDir / ("stage2-" + m + suffix),
                                  p.stage2Epochs, length});
        }
        m_runs.push_back({seed, "stage2-scratch", DemoRunStage::Stage2, "scratch", seedDir / "stage2-scratch", p.stage2Epochs});
    }
    if (p.searchIndex && p.searchEpochs > 0) {
        const int seed = p.seeds.front();
        const std::string name = "search-" + p.searchMatching;
        const fs::path dir = p.outDir / "runs" / ("seed-" + std::to_string(seed)) / name;
        m_runs.push_back({seed, name, DemoRunStage::Search, p.searchMatching, dir, p.searchEpochs});
    }
}

const DemoRun& DemoRunPlan::searchRun() const
{
    if (m_runs.back().stage == DemoRunStage::Search)
        return m_runs.back();
    const DemoRun* best = nullptr;
    double bestRecall = -1;
    for (const DemoRun& run : m_runs) {
        if (run.stage != DemoRunStage::Stage2 || run.seed != m_params.seeds.front()
            || (run.stage1Epochs != m_params.stage1Epochs && run.method != "scratch"))
            continue;
        const double recall = run.lastValidation("text_to_audio/R@10");
        if (recall > bestRecall) {
            best = &run;
            bestRecall = recall;
        }
    }
    if (!best)
        throw Error(m_params.outDir, "no stage-2 run to search with");
    return *best;
}

} // namespace soundframe
