#pragma once
// DemoPipeline: the whole demo, from nothing to a report — world, stand-in CLIP (stage 0), caches,
// audio tagging on the training labels (the audio encoder's head start), stage 1 with Random /
// Nearest / Multiframe (at one or two lengths), zero-shot evaluation, stage 2 from each stage-1
// encoder and from the tagged one alone, evaluation, a searchable library of every sound the
// packages ship, and the report folder.
//
//   DemoPipelineParams p;                 // the quick demo; DemoRecipe::apply for a recipe (--full's)
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
//   runs/seed-S/<run>/     AudioTrainer run folders (audio-tagging, stage1-random, ..., stage2-scratch;
//                          "-eN" suffixed for the shorter stage-1 length), eval/ inside
//   runs/seed-S/search-M/  with searchEpochs > 0 only: a search model of its own (first seed; M: searchMatching)
//   library/gcompris/      every sound of gcompris' resource bundles, extracted (DemoSoundLibrary)
//   index/                 LibraryIndex of every sound the packages ship (library/gcompris, wesnoth's and
//                          freedesktop's installed folders; with `sources`, the folders their recordings
//                          are in), built with the search model — by default the first seed's stage-2 run
//                          with the best validation text->audio R@10 (the app's Query view opens OUT/index)
//   report/                DemoReport's folder: summary.md, results.json, alignment.md/json,
//                          runs/seed-S-<run>/{report.json, report.md, clips.txt}, search.md (text queries
//                          against the index: DemoSearchCheck), charts/*.png (when renderCharts draws them)
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
#include "eval/ClipImage.h"
#include "model/AudioEncoderConfig.h"
#include "train/ClipPairingRegistry.h"
#include "train/StandInClipTrainer.h"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
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
    // Audio tagging on the training split's class labels before stage 1 (the field's pretrained audio
    // encoder; docs/method.md "What Nearest Match relies on"): stage 1 and stage 2 without stage 1
    // start from its encoder. 0: from scratch. 20: 12 epochs (32 s less) reached validation top-1
    // 26.0% once but 17.3% in both demo runs, against 22.8% and 28.3% for 20 (docs/demo-study.md, 13).
    int tagEpochs = 20;
    // The stage-1 matchings compared, in the table's order: by default every registered one (the
    // paper's three, then any a plugin adds), so a new pairing joins the comparison by registering.
    std::vector<std::string> methods = ClipPairingRegistry::matchings();
    int stage1Epochs = 8;                       // stage 1 passes over the train cache
    // The training-length axis of the paper's "more so with longer training": > 0 adds, for every
    // method and seed, a stage-1 run of this many epochs (and a stage 2 from it) beside the full-length
    // one. 0: one length.
    int stage1ShortEpochs = 0;
    int stage2Epochs = 6;                       // stage 2 passes
    // Index every sound the packages ship (OUT/index, the app's Query view) with a search model.
    bool searchIndex = true;
    // > 0: the search model is a stage 2 of its own (from the first seed's searchMatching encoder) this
    // long. 0: it is the first seed's comparison stage-2 run with the best validation text->audio
    // R@10 at its last epoch (chosen on validation, never on test) — since audio tagging gives stage 2
    // its head start, the comparison's runs search well and the budget goes to the comparison.
    int searchEpochs = 0;
    std::string searchMatching = "multiframe";  // the stage 1 a search run of its own starts from
    // A clip's image in audio<->image retrieval. A pictured source is on screen only around its sound,
    // so the middle frame shows one ~40% of the time and that column could hardly move. Chosen on the
    // validation split with an oracle audio embedding (the stand-in's text embedding of the clip's
    // labels): median rank of 150, middle 52, mean 40, best 27 (docs/demo-study.md).
    ClipImage clipImage = ClipImage::Best;
    int batchSize = 32;                         // clips per step, both stages
    double learningRate = 3e-3;                 // AdamW peak: tagging, stage 2, and stage 1 unless below
    // Stage 1's peak rate of a method, where it differs from learningRate; each method's was chosen on
    // validation (docs/demo-study.md section 19). Nearest trains on its own argmax, and at 3e-3 f moved
    // faster than its picks could settle: they sank below a uniform draw after one good epoch. At 1e-3
    // they hold; Random is level at either rate, Multiframe better at 3e-3 in three seeds.
    std::map<std::string, double> stage1LearningRates{{"nearest", 1e-3}};
    // Blocks of the tagged encoder kept as tagging left them (TrainConfig::frozenAudioBlocks), so a
    // stage trains the rest: stage 1 keeps 3 of the CNN's 4 conv blocks (the last block and the head
    // learn the map into the image space), stage 2 keeps none. Chosen on validation over three
    // training seeds (docs/demo-study.md section 26): at 8 epochs, keeping 3 blocks ranked every
    // method's clips at least as well as training all of f, Multiframe's best, and a stage-1 run
    // takes about 30 s instead of 55. Both need tag_epochs > 0: from scratch there is nothing to keep.
    int stage1FrozenAudioBlocks = 3;
    int stage2FrozenAudioBlocks = 0;
    // Nearest: epochs of random frames first; half of stage 1, so its argmax starts from the map those
    // epochs form (section 19: picks after warm-up 48-50% after 2 or 3 epochs, 50-55% after 4).
    int nearestWarmupEpochs = 4;
    bool nearestCentred = false;                // Nearest: hubness-centred argmax (TrainConfig::nearestCentred)
    std::vector<int> seeds{1};                  // training seeds; the table shows mean ± std over them
    // LibTorch threads; 0: OMP_NUM_THREADS, else all cores. On an idle 2-core machine 2 threads ran
    // 1.5x faster than 1; on a busy one set OMP_NUM_THREADS=1 (threads fight over the cores).
    int threads = 0;
    int decodeThreads = 0;                      // prepare's parallel decoders; 0: one per core
    // Draws the charts of a written report folder (reads report/results.json); returns "" on success
    // or why they were not drawn. Empty function: charts are skipped and the report says so.
    std::function<std::string(const std::filesystem::path& reportDir)> renderCharts;

    double stage1LearningRate(const std::string& method) const;  // from stage1LearningRates, else learningRate

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

struct DemoRun;
class DemoRunPlan;
struct DemoSearchOutcome;

class DemoPipeline {
public:
    explicit DemoPipeline(DemoPipelineParams params);
    DemoPipelineResult run(const JobHooks& hooks = {});

private:
    class StepLog;

    // The steps, in order; each skips what is done and returns false when cancelled.
    bool buildWorld(StepLog& steps) const;
    bool trainStandIn(StepLog& steps) const;
    bool prepareCaches(StepLog& steps) const;
    std::string writeAudioEncoderConfig() const;
    bool trainRun(const DemoRun& run, StepLog& steps) const;
    bool evaluateRun(const DemoRun& run, StepLog& steps) const;
    std::optional<DemoSearchOutcome> indexLibrary(const DemoRunPlan& plan, StepLog& steps) const;

    std::filesystem::path worldDir() const;
    std::filesystem::path standInDir() const;
    std::filesystem::path cacheDir(const std::string& split) const;

    DemoPipelineParams m_params;
};

} // namespace soundframe
