#pragma once
// DemoPipeline: the whole demo, from nothing to a report — world, stand-in CLIP (stage 0), caches,
// stage 1 with Random / Nearest / Multiframe, zero-shot evaluation, stage 2 from each stage-1
// encoder and from scratch, evaluation, a searchable library of every sound the packages ship, and
// the report folder.
//
//   DemoPipelineParams p;                 // quick demo; DemoPipelineParams::full() for 3 seeds, longer
//   p.outDir = "demo-out";
//   p.renderCharts = [](const std::filesystem::path& reportDir) { return std::string(); };  // optional
//   DemoPipelineResult r = DemoPipeline(p).run(hooks);
//   std::cout << r.summaryMarkdown << "report: " << r.reportDir << "\n";
//
// Folder OUT:
//   world/                 DemoWorldBuilder's videos and manifests (kept; rebuilt only for other params)
//   standin-clip/          the stand-in image-text model (Hugging Face CLIP layout) + standin-done.json
//   cache/{train,val,test} prepared caches at 1 fps, frames embedded by the stand-in's image tower
//   audio-encoder.json     the audio encoder config every run starts from
//   runs/seed-S/<run>/     AudioTrainer run folders (stage1-random, ..., stage2-scratch), eval/ inside
//   runs/seed-S/search-multiframe/  the search model (first seed): stage 2 from Multiframe, searchEpochs long
//   library/gcompris/      every sound of gcompris' resource bundles, extracted (DemoSoundLibrary)
//   index/                 LibraryIndex of every sound the packages ship (library/gcompris, wesnoth's and
//                          freedesktop's installed folders; with `sources`, the folders their recordings
//                          are in), built with the search model (the app's Query view opens OUT/index)
//   report/                summary.md, results.json, alignment.md/json, runs/seed-S-<run>/{report.json,
//                          report.md, clips.txt}, search.md (text queries against the index: DemoSearchCheck),
//                          charts/*.png (when renderCharts draws them)
// Every step skips work already done (world fingerprint, stand-in stamp, cache resume, finished runs
// and evaluations) and resumes an unfinished run from its newest checkpoint, so a re-run after a kill
// continues where it stopped. Alignment accuracy of a stage-1 method: the share of its (clip, epoch)
// frame choices (RUN/choices.jsonl) that show a source of the clip on screen, against the base rate of
// a uniform draw; and, on the test set, the share of 1 s audio segments whose most similar frame shows
// a source sounding in that segment (segments where no sounding source is ever visible are left out).
// Runs on the calling thread; progress (stage "demo" for the steps, the inner jobs' own stages in
// between) and cancellation through JobHooks: a cancelled run returns with finished work kept.
// Throws Error for what cannot go on (no usable sources, unwritable folder, a failed run).
#include "base/JobHooks.h"
#include "demo/DemoSource.h"
#include "demo/DemoSourceCatalog.h"
#include "demo/DemoWorldParams.h"
#include "model/AudioEncoderConfig.h"
#include "train/StandInClipTrainer.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace soundframe {

struct DemoPipelineParams {
    std::filesystem::path outDir = "demo-out";  // everything goes here
    DemoWorldParams world;                      // the world's content (default: 1200/150/150 clips of 5 s)
    DemoPackageRoots packages;                  // where the Debian packages' media are
    std::vector<DemoSource> sources;            // non-empty: use these instead of the packages (tests)
    StandInClipOptions standIn = defaultStandIn();  // stage 0; pairsFile and outDir are set by the pipeline
    AudioEncoderConfig audioEncoder = defaultAudioEncoder();  // f; embedDim and clipSeconds follow stand-in and world
    int stage1Epochs = 8;                       // stage 1 passes over the train cache
    int stage2Epochs = 4;                       // stage 2 passes
    // The search model's stage 2 (from the first seed's Multiframe encoder): the comparison's short
    // stage 2 leaves text queries over whole files weak (bench/README.md, text_search_quality).
    // 0: no search model and no index.
    int searchEpochs = 40;
    int batchSize = 32;                         // clips per step, both stages
    double learningRate = 3e-3;                 // AdamW peak, both stages
    int nearestWarmupEpochs = 2;                // Nearest: epochs of random choice first
    std::vector<int> seeds{1};                  // training seeds; the table shows mean ± std over them
    // LibTorch threads; 0: OMP_NUM_THREADS, else all cores. On an idle 2-core machine 2 threads ran
    // 1.5x faster than 1; on a busy one set OMP_NUM_THREADS=1 (threads fight over the cores).
    int threads = 0;
    int decodeThreads = 0;                      // prepare's parallel decoders; 0: one per core
    // Draws the charts of a written report folder (reads report/results.json); returns "" on success
    // or why they were not drawn. Empty function: charts are skipped and the report says so.
    std::function<std::string(const std::filesystem::path& reportDir)> renderCharts;

    // --full: longer training over seeds 1, 2, 3.
    static DemoPipelineParams full();
    static StandInClipOptions defaultStandIn();
    static AudioEncoderConfig defaultAudioEncoder();
};

struct DemoPipelineResult {
    bool completed = false;                 // the report was written
    bool cancelled = false;
    std::filesystem::path reportDir;        // OUT/report
    std::string summaryMarkdown;            // the text of summary.md
    std::vector<std::string> stepsRun;      // steps that did work in this call, e.g. "seed-1/stage1-random"
    std::vector<std::string> stepsSkipped;  // steps found done
    std::string chartsNote;                 // "" when the charts were drawn, else why not
    double seconds = 0;                     // wall time of run()
    long peakRssKb = 0;                     // the process' peak resident memory so far (getrusage)
};

class DemoPipeline {
public:
    explicit DemoPipeline(DemoPipelineParams params);
    DemoPipelineResult run(const JobHooks& hooks = {});

private:
    DemoPipelineParams m_params;
};

} // namespace soundframe
