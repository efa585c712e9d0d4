#include "DemoPipeline.h"

#include "base/AtomicWrite.h"
#include "base/ComputeThreads.h"
#include "base/Error.h"
#include "base/FileText.h"
#include "base/PeakMemory.h"
#include "data/FrameCacheReader.h"
#include "data/ManifestLoader.h"
#include "data/PrepareJob.h"
#include "demo/DemoAlignmentTruth.h"
#include "demo/DemoFrameRecognition.h"
#include "demo/DemoRandom.h"
#include "demo/DemoReport.h"
#include "demo/DemoRunPlan.h"
#include "demo/DemoSearchCheck.h"
#include "demo/DemoSoundLibrary.h"
#include "demo/DemoWorldBuilder.h"
#include "eval/Evaluator.h"
#include "model/ClipImageEmbedder.h"
#include "model/ClipTextEmbedder.h"
#include "model/ComputeDevice.h"
#include "search/LibraryIndex.h"
#include "search/LibrarySearcher.h"
#include "train/AudioTrainer.h"
#include "train/TrainConfig.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <sstream>

namespace soundframe {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// A job's progress relabelled with the demo step it belongs to.
JobHooks relabelled(const JobHooks& hooks, const std::string& stage)
{
    JobHooks inner = hooks;
    inner.onProgress = [&hooks, stage](const JobProgress& pr) {
        JobProgress q = pr;
        q.stage = stage;
        hooks.report(q);
    };
    return inner;
}

} // namespace

// The demo's steps as they finish: done or found done, their wall time, and the "demo" progress.
class DemoPipeline::StepLog {
public:
    StepLog(const JobHooks& hooks, int64_t total, DemoPipelineResult& result)
        : hooks(hooks), m_total(total), m_result(result)
    {
    }
    void finish(const std::string& name, bool foundDone, Clock::time_point started)
    {
        (foundDone ? m_result.stepsSkipped : m_result.stepsRun).push_back(name);
        if (!foundDone)
            seconds[name] = secondsSince(started);
        hooks.report({"demo", ++m_done, m_total, name + (foundDone ? " (done before)" : "")});
    }

    const JobHooks& hooks;
    std::map<std::string, double> seconds;  // steps that did work

private:
    int64_t m_total = 0, m_done = 0;
    DemoPipelineResult& m_result;
};

double DemoPipelineParams::stage1LearningRate(const std::string& method) const
{
    const auto it = stage1LearningRates.find(method);
    return it == stage1LearningRates.end() ? learningRate : it->second;
}

StandInClipOptions DemoPipelineParams::defaultStandIn()
{
    StandInClipOptions o;
    // 16-pixel patches (16 tokens on 64 px) and 16 text tokens: a quarter of the cost of 8-pixel
    // patches, and the world's captions are short. Trained on ~3000 captioned scenes. The tower
    // underfits, so at equal compute a narrower, longer-trained one wins: on the validation frames
    // that show one source, its class name as text is the nearest of 27 for 64.9% of them at width
    // 128 after 24 epochs, 79.7% at width 96 with 3 layers after 60, 81.7% at width 64 after 96
    // (each about 300 s on two cores; docs/demo-study.md, section 10). Along width 64's epochs the
    // figure levels off: 77.2% (64), 80.2% (80), 81.7% (88 and 96), and 80 epochs is level with 96
    // on the other validation columns, 3 s an epoch cheaper for the demo's budget (section 13).
    o.patchSize = 16;
    o.contextLength = 16;
    o.width = 64;
    o.epochs = 80;
    o.learningRate = 1e-3;
    return o;
}

AudioEncoderConfig DemoPipelineParams::defaultAudioEncoder()
{
    AudioEncoderConfig c;
    c.architecture = "cnn";
    // A CNN10 at 1/4 width over 32 mel bands and 20 ms hops. Audio tagging for 10 epochs took the
    // same wall time at 1/8 width (the step is bound by the front end there) and reached 20.5%
    // validation top-1 instead of 15.7% (docs/demo-study.md).
    c.cnn.channels = {16, 32, 64, 128};
    c.cnn.blockDropout = 0.1;
    c.cnn.headDropout = 0.2;
    c.logMel.nMels = 32;
    c.logMel.hopLength = 320;
    c.logMel.winLength = 640;
    c.logMel.nFft = 1024;
    return c;
}

DemoPipeline::DemoPipeline(DemoPipelineParams params) : m_params(std::move(params)) {}

DemoPipelineResult DemoPipeline::run(const JobHooks& hooks)
{
    const auto start = Clock::now();
    const DemoPipelineParams& p = m_params;
    DemoPipelineResult result;
    result.reportDir = p.outDir / "report";
    if (p.seeds.empty())
        throw Error(p.outDir, "the demo needs at least one seed");
    setComputeThreads(p.threads);
    std::error_code ec;
    fs::create_directories(p.outDir, ec);
    if (ec)
        throw Error(p.outDir, "cannot create the output folder: " + ec.message());

    const DemoRunPlan plan(p);
    const std::vector<DemoRun>& runs = plan.runs();
    // world, stand-in, 3 caches, train + eval per run (train only for tagging), search index, report
    const auto tagRuns = std::count_if(runs.begin(), runs.end(), [](const DemoRun& r) { return r.stage == DemoRunStage::Tagging; });
    StepLog steps(hooks, 5 + 2 * int64_t(runs.size()) - tagRuns + (p.searchIndex ? 1 : 0) + 1, result);
    const auto cancelled = [&]() {
        result.cancelled = true;
        result.seconds = secondsSince(start);
        result.peakRssKb = peakResidentKb();
        return result;
    };

    if (!buildWorld(steps) || !trainStandIn(steps) || !prepareCaches(steps))
        return cancelled();
    const std::string encoderJson = writeAudioEncoderConfig();
    for (const DemoRun& run : runs)
        if (!trainRun(run, steps) || (run.stage != DemoRunStage::Tagging && !evaluateRun(run, steps)))
            return cancelled();
    std::optional<DemoSearchOutcome> search;
    if (p.searchIndex && !(search = indexLibrary(plan, steps)))
        return cancelled();

    // The report, from what the runs left.
    const auto t = Clock::now();
    const DemoAlignmentTruth trainTruth(worldDir() / "manifest-train.jsonl");
    const DemoAlignmentTruth testTruth(worldDir() / "manifest-test.jsonl");
    DemoReportInputs in{p, plan.stage1Lengths()};
    for (const DemoRun& run : runs) {
        if (run.stage == DemoRunStage::Tagging)
            in.taggingTop1[run.seed] = run.lastValidation("tagging/top1");
        else if (run.stage != DemoRunStage::Search)  // the search run is reported in search.md
            in.runs.push_back(DemoRunOutcome::read(run, trainTruth, testTruth));
    }
    in.trainBaseRate = trainTruth.baseRate();
    // What the image pivot can carry at most: does the stand-in name what a test frame shows?
    in.recognition = DemoFrameRecognition::measure(FrameCacheReader(cacheDir("test")),
                                                   ClipTextEmbedder(standInDir(), parseComputeDevice("cpu")));
    in.search = std::move(search);
    in.standInStamp = readFileText(standInDir() / "standin-done.json");
    in.audioEncoderJson = encoderJson;
    in.stepSeconds = steps.seconds;
    in.threads = computeThreads();
    in.started = start;
    const DemoReportFiles files = DemoReport(std::move(in)).write(result.reportDir, p.renderCharts);
    steps.finish("report", false, t);

    result.completed = true;
    result.summaryMarkdown = files.summaryMarkdown;
    result.chartsNote = files.chartsNote;
    result.seconds = secondsSince(start);
    result.peakRssKb = peakResidentKb();
    return result;
}

fs::path DemoPipeline::worldDir() const { return m_params.outDir / "world"; }
fs::path DemoPipeline::standInDir() const { return m_params.outDir / "standin-clip"; }
fs::path DemoPipeline::cacheDir(const std::string& split) const { return m_params.outDir / "cache" / split; }

// The world's videos and manifests; its own fingerprint decides whether they are current (and the
// stand-in's pairs must name images that exist).
bool DemoPipeline::buildWorld(StepLog& steps) const
{
    const auto t = Clock::now();
    const DemoPipelineParams& p = m_params;
    const fs::path dir = worldDir();
    bool current = fs::exists(dir / "manifest-test.jsonl") && fs::exists(dir / "image-captions.jsonl");
    if (current) {
        const json world = json::parse(readFileText(dir / "world.json"), nullptr, false);
        // A world `demo-world` composed without a package (it warns and goes on) is not the one named.
        current = !world.is_discarded() && world.contains("params") && world["params"] == json::parse(p.world.fingerprint())
                  && world.value("missing_packages", json::array()).empty() && DemoWorldBuilder::pairsResolve(dir);
    }
    if (!current) {
        const DemoSourceCatalog catalog = p.sources.empty() ? DemoSourceCatalog::discover(p.packages, dir / "sources", p.world.packages)
                                                            : DemoSourceCatalog(p.sources);
        // Without a package the world has other classes and far fewer recordings, and every figure
        // after it describes that world rather than the one the recipe names: refuse, before any work.
        if (!catalog.missingPackages().empty()) {
            std::string names;
            for (const auto& missing : catalog.missingPackages())
                names += (names.empty() ? "" : " ") + missing;
            throw Error(dir, "the demo world is composed from packages that are not installed: " + names
                                 + ". Install them (apt-get install " + names
                                 + "; scripts/demo does), or name the packages to use in a recipe's "
                                   "\"world\": {\"packages\": [...]}");
        }
        if (catalog.sources().empty())
            throw Error(dir, "no demo sources in the packages named by the recipe's \"world\": {\"packages\": [...]}");
        const auto summary = DemoWorldBuilder(catalog, p.world).build(dir, steps.hooks);
        if (summary.cancelled || steps.hooks.cancelled())
            return false;
    }
    steps.finish("world", current, t);
    return true;
}

// Stage 0, the stand-in CLIP, stamped with its options so that other options retrain it.
bool DemoPipeline::trainStandIn(StepLog& steps) const
{
    const auto t = Clock::now();
    StandInClipOptions o = m_params.standIn;
    o.pairsFile = worldDir() / "image-captions.jsonl";
    o.outDir = standInDir();
    const json stamp{{"image_size", o.imageSize}, {"patch_size", o.patchSize}, {"width", o.width},
                     {"layers", o.layers}, {"heads", o.heads}, {"projection_dim", o.projectionDim},
                     {"context_length", o.contextLength}, {"vocab_size", o.vocabSize}, {"epochs", o.epochs},
                     {"batch_size", o.batchSize}, {"learning_rate", o.learningRate},
                     {"weight_decay", o.weightDecay}, {"seed", o.seed}, {"augment", o.augment},
                     {"mask_duplicate_captions", o.maskDuplicateCaptions},
                     {"world", json::parse(readFileText(worldDir() / "world.json")).value("fingerprint", "")},
                     // The pairs themselves: a stand-in trained before the world named its pictures
                     // so that they resolve had left them all out, and must train again.
                     {"pairs", DemoRandom::hash(readFileText(o.pairsFile))}};
    const fs::path stampFile = o.outDir / "standin-done.json";
    const bool done = fs::exists(stampFile) && fs::exists(o.outDir / "model.safetensors")
                      && json::parse(readFileText(stampFile), nullptr, false) == stamp;
    if (!done) {
        std::error_code ec;
        fs::remove(stampFile, ec);
        const auto r = StandInClipTrainer(o).run(steps.hooks);
        if (!r.completed || steps.hooks.cancelled())
            return false;
        writeFileAtomically(stampFile, stamp.dump(1) + "\n");
        const json info{{"images", r.images}, {"skipped_images", r.skippedImages}, {"skipped", r.skipped}, {"steps", r.steps},
                        {"final_loss", r.finalLoss}, {"image_to_text_R@1_on_training_pairs", r.imageToTextRecallAt1}};
        writeFileAtomically(o.outDir / "standin-training.json", info.dump(1) + "\n");
    }
    steps.finish("stand-in CLIP", done, t);
    return true;
}

// The three caches at 1 fps, frames embedded by the stand-in's image tower (PrepareJob resumes by
// itself).
bool DemoPipeline::prepareCaches(StepLog& steps) const
{
    std::unique_ptr<ClipImageEmbedder> embedder;
    const std::string standInIdentity = ClipImageEmbedder::fingerprint(standInDir());
    for (const std::string split : {"train", "val", "test"}) {
        const auto t = Clock::now();
        const fs::path dir = cacheDir(split);
        const auto manifest = loadManifest(worldDir() / ("manifest-" + split + ".jsonl"));
        bool done = false;
        if (fs::exists(dir / "cache.json")) {
            bool stale = false;
            try {
                const FrameCacheReader cache(dir);
                stale = cache.settings().encoderIdentity != standInIdentity;
                done = !stale && cache.size() >= manifest.clips.size();
            } catch (const Error&) {
                done = false;
            }
            // Frames embedded by an earlier stand-in (other options retrained it) would mislead
            // every run: prepare again.
            if (stale)
                fs::remove_all(dir);
        }
        if (!done) {
            if (!embedder)
                embedder = std::make_unique<ClipImageEmbedder>(standInDir(), parseComputeDevice("cpu"));
            PrepareOptions o;
            o.cacheDir = dir;
            o.framesPerSecond = 1.0;
            o.audioRate = m_params.world.audioRate;
            o.decodeThreads = m_params.decodeThreads;
            const auto s = PrepareJob(o, embedder.get()).run(manifest.clips, steps.hooks, manifest.skipped);
            if (s.cancelled || steps.hooks.cancelled())
                return false;
        }
        steps.finish("cache " + split, done, t);
    }
    return true;
}

// OUT/audio-encoder.json, the config every run starts from; returns its text.
std::string DemoPipeline::writeAudioEncoderConfig() const
{
    AudioEncoderConfig config = m_params.audioEncoder;
    config.embedDim = m_params.standIn.projectionDim;
    config.clipSeconds = m_params.world.clipSeconds;
    config.logMel.sampleRate = m_params.world.audioRate;
    config.validate("demo audio encoder");
    const std::string text = audioEncoderConfigToJson(config);
    writeFileAtomically(m_params.outDir / "audio-encoder.json", text);
    return text;
}

// One training run, resumed from its newest checkpoint; a finished one is kept as it is.
bool DemoPipeline::trainRun(const DemoRun& run, StepLog& steps) const
{
    const auto t = Clock::now();
    const DemoPipelineParams& p = m_params;
    const bool trained = fs::exists(run.dir / "audio-encoder" / "model.safetensors");
    const int frozen = run.stage == DemoRunStage::Tagging ? 0
                       : run.stage == DemoRunStage::Stage1 ? p.stage1FrozenAudioBlocks
                                                           : p.stage2FrozenAudioBlocks;
    if (trained) {
        // Other epochs or frozen blocks would make the report misstate it.
        const json config = json::parse(readFileText(run.dir / "config.json"), nullptr, false);
        const int trainedEpochs = config.is_object() ? config.value("epochs", run.epochs) : run.epochs;
        const int trainedFrozen = config.is_object() ? config.value("frozen_audio_blocks", 0) : frozen;
        const std::string again = ": remove the run folder to train it again, or use another --out";
        if (trainedEpochs != run.epochs)
            throw Error(run.dir, "was trained for " + std::to_string(trainedEpochs) + " epochs and this demo asks for "
                                     + std::to_string(run.epochs) + again);
        if (trainedFrozen != frozen)
            throw Error(run.dir, "was trained with " + std::to_string(trainedFrozen)
                                     + " frozen audio blocks and this demo asks for " + std::to_string(frozen) + again);
    } else {
        TrainConfig c;
        c.stage = run.stage == DemoRunStage::Tagging ? TrainStage::Tag
                  : run.stage == DemoRunStage::Stage1 ? TrainStage::Pretrain
                                                      : TrainStage::Finetune;
        if (run.stage == DemoRunStage::Stage1)
            c.matching = run.method;
        c.nearestWarmupEpochs = p.nearestWarmupEpochs;
        c.nearestCentred = p.nearestCentred;
        c.trainCache = cacheDir("train").string();
        c.valCache = cacheDir("val").string();
        // Stage 1 watches the test clips, so the app's Alignment view can show Nearest's pick per
        // epoch for a clip no run trained on. Not trained on: a run begun without it resumes with it.
        if (run.stage == DemoRunStage::Stage1)
            c.watchCache = cacheDir("test").string();
        c.clipDir = standInDir().string();
        c.audioEncoderConfig = (p.outDir / "audio-encoder.json").string();
        c.initFrom = run.initFrom(p).string();
        c.frozenAudioBlocks = frozen;
        c.runDir = run.dir.string();
        c.epochs = run.epochs;
        c.batchSize = p.batchSize;
        c.learningRate = run.stage == DemoRunStage::Stage1 ? p.stage1LearningRate(run.method) : p.learningRate;
        c.seed = run.seed;
        c.threads = p.threads;
        c.checkpointEverySteps = 0;  // epoch ends: cheap, and a kill loses at most one epoch
        c.validate(run.key());
        AudioTrainer trainer(c);
        const auto r = trainer.run(relabelled(steps.hooks, run.key()), /*resume=*/true);
        if (!r.completed || steps.hooks.cancelled())
            return false;
    }
    steps.finish(run.key() + " train", trained, t);
    return true;
}

// A trained run on the test cache (RUN/eval); kept when done before.
bool DemoPipeline::evaluateRun(const DemoRun& run, StepLog& steps) const
{
    const auto t = Clock::now();
    const fs::path evalDir = run.dir / "eval";
    const bool evaluated = fs::exists(evalDir / "report.json");
    if (!evaluated) {
        EvaluatorParams e;
        e.cacheDir = cacheDir("test");
        e.modelDir = run.dir;
        e.clipDir = standInDir();
        e.outDir = evalDir;
        e.alignment = run.stage == DemoRunStage::Stage1;
        e.clipImage = m_params.clipImage;
        e.labels = {{"run", run.name}, {"seed", std::to_string(run.seed)}, {"method", run.method}};
        try {
            Evaluator(e).run(steps.hooks);
        } catch (const Error&) {
            if (steps.hooks.cancelled())
                return false;
            throw;
        }
    }
    steps.finish(run.key() + " eval", evaluated, t);
    return true;
}

// The search library: every sound the packages ship (a world of given sources: the folders its
// recordings are in), indexed with the search model (incremental: a re-run only looks at the files
// again), and the world's classes searched for in it. nullopt when cancelled.
std::optional<DemoSearchOutcome> DemoPipeline::indexLibrary(const DemoRunPlan& plan, StepLog& steps) const
{
    const auto t = Clock::now();
    const DemoPipelineParams& p = m_params;
    const DemoSearchCheck check(worldDir() / "world.json");
    DemoSearchOutcome search;
    search.run = plan.searchRun();
    search.chosenBy = p.searchEpochs > 0 ? "a stage 2 of its own from the " + p.searchMatching + " stage 1"
                                         : "best validation text_to_audio R@10 among the comparison's stage-2 runs";
    search.indexDir = p.outDir / "index";
    search.folders = p.sources.empty() ? DemoSoundLibrary::folders(p.packages, p.outDir / "library")
                                       : check.libraryFolders();
    const ModelIdentity model = ModelIdentity::resolve(search.run.dir, "");
    // The index is this demo's own product of its search model. One built with another model (an
    // earlier run of another seed or recipe in this folder) is rebuilt, where `index add` refuses it.
    if (const auto recorded = LibraryIndex::recordedModel(search.indexDir); recorded && *recorded != model.fingerprint)
        fs::remove_all(search.indexDir);
    IndexUpdateSummary s;
    int64_t forgotten = 0;
    {
        LibraryIndex index(search.indexDir, model);
        // A demo folder copied from another remembers that one's library folders: the index holds
        // this demo's sounds only.
        std::vector<fs::path> others;
        for (const fs::path& root : index.roots())
            if (std::none_of(search.folders.begin(), search.folders.end(),
                             [&](const fs::path& f) { return LibraryIndex::rootPath(f) == root; }))
                others.push_back(root);
        if (!others.empty())
            forgotten = index.remove(others).removed;
        s = index.add(search.folders, relabelled(steps.hooks, "search index"));
    }
    if (s.cancelled || steps.hooks.cancelled())
        return std::nullopt;
    for (const auto& f : s.failures)
        search.unreadableFiles.emplace_back(f.path, f.reason);
    search.testRetrieval = RetrievalReport::fromJson(readFileText(search.run.dir / "eval" / "report.json"));
    LibrarySearcher searcher(search.indexDir, model);
    search.queries = check.run(searcher);
    steps.finish("search index", forgotten + s.added + s.updated + s.removed == 0, t);
    return search;
}

} // namespace soundframe
