#pragma once
// DemoReport: the demo's report folder, from the typed outcomes of its runs — the comparison table
// (mean ± std over seeds), the ground-truth alignment, the search check and results.json.
//
//   DemoReportInputs in{params, plan.stage1Lengths()};
//   in.runs.push_back(DemoRunOutcome::read(run, trainTruth, testTruth));
//   ...                                           // tagging, frame recognition, search, step times
//   DemoReportFiles files = DemoReport(std::move(in)).write(outDir / "report", params.renderCharts);
//
// Writes, each file once and atomically:
//   summary.md       the table, the stand-in's frame recognition, tagging, the search gist, charts
//   alignment.md/json  every stage-1 run's ground-truth alignment (training choices, test segments)
//   search.md        the search check, when there is a search index
//   results.json     everything above as numbers ("soundframe-demo-results/1"), then the charts are
//                    drawn from it (renderCharts); summary.md says whether they were
//   runs/seed-S-<run>/{report.json, report.md, clips.txt}  each run's evaluation, copied
// Throws Error naming the folder or file it cannot write.
#include "demo/DemoAlignmentTruth.h"
#include "demo/DemoFrameRecognition.h"
#include "demo/DemoPipeline.h"
#include "demo/DemoRunPlan.h"
#include "eval/RetrievalReport.h"
#include "train/TrainMetrics.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace soundframe {

// One run of the table (stage 1 or stage 2) as its evaluation and its logs left it.
struct DemoRunOutcome {
    DemoRun run;
    RetrievalReport retrieval;               // RUN/eval/report.json
    std::string evaluationJson;              // that file's text, embedded in results.json as it is
    std::optional<double> zeroShotTop1;      // zero-shot classification top-1 (percent), when scored
    std::optional<ChoiceAccuracy> choices;   // stage-1 Random / Nearest: the frames it paired audio with
    std::optional<SegmentAccuracy> segments; // stage 1: test segments against their most similar frame
    std::vector<TrainMetrics> metrics;       // RUN/metrics.jsonl

    // Reads a finished, evaluated run; choices are scored after the run's warm-up
    // (TrainConfig::choiceWarmupEpochs of its config.json).
    static DemoRunOutcome read(const DemoRun& run, const DemoAlignmentTruth& trainTruth,
                               const DemoAlignmentTruth& testTruth);
};

// The search library: which model indexed what, and how the world's classes are found in it.
struct DemoSearchOutcome {
    DemoRun run;                                // the search model's run
    std::string chosenBy;                       // why this run
    std::filesystem::path indexDir;
    std::vector<std::filesystem::path> folders; // what was indexed
    std::vector<std::pair<std::string, std::string>> unreadableFiles;  // (path, reason)
    RetrievalReport testRetrieval;              // the search run's test evaluation
    nlohmann::ordered_json queries;             // DemoSearchCheck::run's result (its documented layout)
};

struct DemoReportInputs {
    DemoPipelineParams params;
    std::vector<int> stage1Lengths;             // DemoRunPlan::stage1Lengths
    std::vector<DemoRunOutcome> runs;           // in plan order
    std::map<int, double> taggingTop1;          // seed -> audio tagging's last validation top-1
    double trainBaseRate = 0;                   // a uniform frame draw on the training clips (percent)
    FrameRecognition recognition;               // the stand-in on the test frames
    std::optional<DemoSearchOutcome> search;
    std::string standInStamp;                   // standin-done.json's text
    std::string audioEncoderJson;               // the audio encoder config every run starts from
    std::map<std::string, double> stepSeconds;  // wall time of each step that did work
    int threads = 1;                            // LibTorch threads used
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();  // the demo's start
};

struct DemoReportFiles {
    std::string summaryMarkdown;  // the text of summary.md
    std::string chartsNote;       // "" when the charts were drawn, else why not
    double seconds = 0;           // the demo's wall time up to its report (results.json "seconds")
    long peakRssKb = 0;           // the process' peak memory then (results.json "peak_rss_kb")
};

class DemoReport {
public:
    explicit DemoReport(DemoReportInputs inputs);
    DemoReportFiles write(const std::filesystem::path& dir,
                          const std::function<std::string(const std::filesystem::path&)>& renderCharts) const;

private:
    DemoReportInputs m_in;
};

} // namespace soundframe
