#pragma once
// DemoRunPlan: which training runs a demo makes, in the order they must run, and what each starts
// from — the demo's experiment design in one place (DemoPipeline runs it, the report reads it).
//
//   DemoRunPlan plan(params);
//   for (const DemoRun& run : plan.runs()) { ... run.initFrom(params) ... }
//   const DemoRun& search = plan.searchRun();      // after the stage-2 runs exist (reads their metrics)
//
// Per seed: audio tagging (tagEpochs > 0), then for each stage-1 length (stage1ShortEpochs, then
// stage1Epochs) Random, Nearest and Multiframe stage 1 followed by a stage 2 from each, and one
// stage 2 with no stage 1; last, with searchEpochs > 0, the first seed's search model. Runs live in
// OUT/runs/seed-S/<name>; the full stage-1 length keeps the plain names ("stage1-nearest"), a
// shorter one is suffixed "-eN".
#include "demo/DemoPipeline.h"

#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

// What a demo run is for. The names ("tag", "stage1", "stage2", "search") appear only in
// report/results.json.
enum class DemoRunStage {
    Tagging,  // the audio encoder's head start (TrainStage::Tag)
    Stage1,   // a method's audio-image pretraining (TrainStage::Pretrain)
    Stage2,   // audio-text fine-tuning after a stage 1, or with none (TrainStage::Finetune)
    Search,   // stage 2 for the search index's model, not in the table
};
std::string demoRunStageName(DemoRunStage stage);

struct DemoRun {
    int seed = 1;
    std::string name;    // "audio-tagging", "stage1-random", "stage2-nearest-e8", "stage2-scratch", "search-multiframe"
    DemoRunStage stage = DemoRunStage::Stage1;
    std::string method;  // "tagging", "random", "nearest", "multiframe" or "scratch"
    std::filesystem::path dir;
    int epochs = 1;
    int stage1Epochs = 0;  // the stage-1 length behind it (stage 1: its own; 0: none)

    std::string key() const { return "seed-" + std::to_string(seed) + "/" + name; }
    // The audio encoder folder it starts from; empty: a new encoder.
    std::filesystem::path initFrom(const DemoPipelineParams& p) const;
    // `key` of the validation at its last epoch that has one ("text_to_audio/R@10", "tagging/top1"),
    // from RUN/metrics.jsonl; 0 when there is none. A torn line (a kill) is skipped.
    double lastValidation(const std::string& key) const;
};

class DemoRunPlan {
public:
    explicit DemoRunPlan(const DemoPipelineParams& params);
    const std::vector<DemoRun>& runs() const { return m_runs; }
    const std::vector<int>& stage1Lengths() const { return m_stage1Lengths; }  // shortest first
    // The search model: the search run when there is one; else the first seed's full-length stage-2
    // run whose last epoch scored the best validation text->audio R@10 (its metrics.jsonl): chosen on
    // validation, never on test. Error when no stage-2 run exists.
    const DemoRun& searchRun() const;

private:
    DemoPipelineParams m_params;
    std::vector<int> m_stage1Lengths;
    std::vector<DemoRun> m_runs;
};

} // namespace soundframe
