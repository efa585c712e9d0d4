#include "DemoPipeline.h"

#include "base/AtomicWrite.h"
#include "base/ComputeThreads.h"
#include "base/Error.h"
#include "data/FrameCacheReader.h"
#include "data/ManifestLoader.h"
#include "data/PrepareJob.h"
#include "demo/DemoAlignmentTruth.h"
#include "demo/DemoFrameRecognition.h"
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

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace soundframe {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // kilobytes on Linux
}

std::string readText(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file, "cannot read");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<json> readJsonLines(const fs::path& file)
{
    std::vector<json> lines;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty())
            lines.push_back(json::parse(line, nullptr, false));
    lines.erase(std::remove_if(lines.begin(), lines.end(), [](const json& j) { return j.is_discarded(); }),
                lines.end());
    return lines;
}

std::string fixed(double v, int digits = 1)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

// Mean and (sample) standard deviation.
std::pair<double, double> meanStd(const std::vector<double>& v)
{
    if (v.empty())
        return {0, 0};
    double mean = 0;
    for (double x : v)
        mean += x;
    mean /= double(v.size());
    double var = 0;
    for (double x : v)
        var += (x - mean) * (x - mean);
    return {mean, v.size() > 1 ? std::sqrt(var / double(v.size() - 1)) : 0.0};
}

std::string cell(const std::vector<double>& v, int digits = 1)
{
    if (v.empty())
        return "–";
    const auto [m, s] = meanStd(v);
    return v.size() > 1 ? fixed(m, digits) + " ± " + fixed(s, digits) : fixed(m, digits);
}

// Step losses of a run (at most ~300 points) and its epoch means.
json lossCurves(const fs::path& metricsFile)
{
    json steps = json::array(), epochs = json::array();
    const auto lines = readJsonLines(metricsFile);
    size_t stepLines = 0;
    for (const auto& l : lines)
        stepLines += l.value("kind", std::string()) == "step";
    const size_t every = std::max<size_t>(1, stepLines / 300);
    size_t seen = 0;
    for (const auto& l : lines) {
        if (l.value("kind", std::string()) == "step") {
            if (seen++ % every == 0)
                steps.push_back({l.value("step", int64_t(0)), l.value("loss", 0.0)});
        } else {
            epochs.push_back({l.value("epoch", 0) + 1, l.value("loss", 0.0)});
        }
    }
    return {{"steps", steps}, {"epochs", epochs}};
}

std::string methodTitle(const std::string& method)
{
    if (method.empty())
        return method;
    std::string t = method;
    t[0] = char(std::toupper(static_cast<unsigned char>(t[0])));
    return t;
}

} // namespace

StandInClipOptions DemoPipelineParams::defaultStandIn()
{
    StandInClipOptions o;
    // 16-pixel patches (16 tokens on 64 px) and 16 text tokens: a quarter of the cost of 8-pixel
    // patches, and the world's captions are short. Trained on ~3000 captioned scenes. On the
    // validation frames that show one source, its class name as text is the nearest of 27 for 50.5%
    // of them after 12 epochs at 5e-4, 64.9% after 24 at 1e-3, 34.3% after 12 at 2e-3
    // (docs/demo-study.md): the image pivot is the demo's binding constraint.
    o.patchSize = 16;
    o.contextLength = 16;
    o.epochs = 24;
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
    const auto start = std::chrono::steady_clock::now();
    const DemoPipelineParams& p = m_params;
    DemoPipelineResult result;
    result.reportDir = p.outDir / "report";
    if (p.seeds.empty())
        throw Error(p.outDir, "the demo needs at least one seed");
    setComputeThreads(p.threads);

    const fs::path worldDir = p.outDir / "world";
    const fs::path clipDir = p.outDir / "standin-clip";
    const fs::path cacheRoot = p.outDir / "cache";
    std::error_code ec;
    fs::create_directories(p.outDir, ec);
    if (ec)
        throw Error(p.outDir, "cannot create the output folder: " + ec.message());

    const DemoRunPlan plan(p);
    const std::vector<DemoRun>& runs = plan.runs();
    const std::vector<int>& stage1Lengths = plan.stage1Lengths();
    const bool searchLibrary = p.searchIndex;
    const fs::path indexDir = p.outDir / "index";
    // world, stand-in, 3 caches, train + eval per run (train only for tagging), search index, report
    const auto tagRuns = std::count_if(runs.begin(), runs.end(), [](const DemoRun& r) { return r.stage == "tag"; });
    const int64_t totalSteps = 5 + 2 * int64_t(runs.size()) - tagRuns + (searchLibrary ? 1 : 0) + 1;
    int64_t stepsDone = 0;
    std::map<std::string, double> stepSeconds;
    auto step = [&](const std::string& name, bool skipped, double seconds) {
        (skipped ? result.stepsSkipped : result.stepsRun).push_back(name);
        if (!skipped)
            stepSeconds[name] = seconds;
        hooks.report({"demo", ++stepsDone, totalSteps, name + (skipped ? " (done before)" : "")});
    };
    auto since = [](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    };
    auto finishCancelled = [&]() {
        result.cancelled = true;
        result.seconds = since(start);
        result.peakRssKb = peakRssKb();
        return result;
    };

    // 1. World (its own fingerprint decides whether the manifests are current).
    {
        const auto t = std::chrono::steady_clock::now();
        bool current = fs::exists(worldDir / "manifest-test.jsonl") && fs::exists(worldDir / "image-captions.jsonl");
        if (current) {
            const json world = json::parse(readText(worldDir / "world.json"), nullptr, false);
            current = !world.is_discarded() && world.contains("params")
                      && world["params"] == json::parse(p.world.fingerprint());
        }
        if (!current) {
            const DemoSourceCatalog catalog = p.sources.empty()
                                                  ? DemoSourceCatalog::discover(p.packages, worldDir / "sources")
                                                  : DemoSourceCatalog(p.sources);
            if (catalog.sources().empty())
                throw Error(worldDir, "no demo sources: install gcompris-qt-data, wesnoth-1.16-data or "
                                      "sound-theme-freedesktop (scripts/demo does)");
            const auto summary = DemoWorldBuilder(catalog, p.world).build(worldDir, hooks);
            if (summary.cancelled || hooks.cancelled())
                return finishCancelled();
        }
        step("world", current, since(t));
    }

    // 2. Stand-in CLIP (stage 0), stamped with its options so other options retrain it.
    {
        const auto t = std::chrono::steady_clock::now();
        StandInClipOptions o = p.standIn;
        o.pairsFile = worldDir / "image-captions.jsonl";
        o.outDir = clipDir;
        const json stamp{{"image_size", o.imageSize}, {"patch_size", o.patchSize}, {"width", o.width},
                         {"layers", o.layers}, {"heads", o.heads}, {"projection_dim", o.projectionDim},
                         {"context_length", o.contextLength}, {"vocab_size", o.vocabSize}, {"epochs", o.epochs},
                         {"batch_size", o.batchSize}, {"learning_rate", o.learningRate},
                         {"weight_decay", o.weightDecay}, {"seed", o.seed}, {"augment", o.augment},
                         {"mask_duplicate_captions", o.maskDuplicateCaptions},
                         {"world", json::parse(readText(worldDir / "world.json")).value("fingerprint", "")}};
        const fs::path stampFile = clipDir / "standin-done.json";
        const bool done = fs::exists(stampFile) && fs::exists(clipDir / "model.safetensors")
                          && json::parse(readText(stampFile), nullptr, false) == stamp;
        if (!done) {
            fs::remove(stampFile, ec);
            const auto r = StandInClipTrainer(o).run(hooks);
            if (!r.completed || hooks.cancelled())
                return finishCancelled();
            json written = stamp;
            writeFileAtomically(stampFile, written.dump(1) + "\n");
            json info{{"images", r.images}, {"skipped_images", r.skippedImages}, {"steps", r.steps},
                      {"final_loss", r.finalLoss}, {"image_to_text_R@1_on_training_pairs", r.imageToTextRecallAt1}};
            writeFileAtomically(clipDir / "standin-training.json", info.dump(1) + "\n");
        }
        step("stand-in CLIP", done, since(t));
    }

    // 3. Caches at 1 fps with the stand-in's image tower (PrepareJob resumes by itself).
    {
        const torch::Device device = parseComputeDevice("cpu");
        std::unique_ptr<ClipImageEmbedder> embedder;
        const std::string standInIdentity = ClipImageEmbedder::fingerprint(clipDir);
        for (const std::string split : {"train", "val", "test"}) {
            const auto t = std::chrono::steady_clock::now();
            const fs::path dir = cacheRoot / split;
            const auto manifest = loadManifest(worldDir / ("manifest-" + split + ".jsonl"));
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
                    embedder = std::make_unique<ClipImageEmbedder>(clipDir, device);
                PrepareOptions o;
                o.cacheDir = dir;
                o.framesPerSecond = 1.0;
                o.audioRate = p.world.audioRate;
                o.decodeThreads = p.decodeThreads;
                const auto s = PrepareJob(o, embedder.get()).run(manifest.clips, hooks, manifest.skipped);
                if (s.cancelled || hooks.cancelled())
                    return finishCancelled();
            }
            step("cache " + split, done, since(t));
        }
    }

    AudioEncoderConfig encoderConfig = p.audioEncoder;
    encoderConfig.embedDim = p.standIn.projectionDim;
    encoderConfig.clipSeconds = p.world.clipSeconds;
    encoderConfig.logMel.sampleRate = p.world.audioRate;
    encoderConfig.validate("demo audio encoder");
    const fs::path encoderConfigFile = p.outDir / "audio-encoder.json";
    writeFileAtomically(encoderConfigFile, audioEncoderConfigToJson(encoderConfig));

    // 4. Training and evaluation, stage 1 runs before the stage-2 runs that start from them.
    std::map<std::string, json> reports;  // run key -> Evaluator report.json
    for (const DemoRun& run : runs) {
        const auto t = std::chrono::steady_clock::now();
        const bool trained = fs::exists(run.dir / "audio-encoder" / "model.safetensors");
        if (trained) {
            // A finished run is kept as it is: other epochs would make the report misstate it.
            const json config = json::parse(readText(run.dir / "config.json"), nullptr, false);
            const int trainedEpochs = config.is_object() ? config.value("epochs", run.epochs) : run.epochs;
            if (trainedEpochs != run.epochs)
                throw Error(run.dir, "was trained for " + std::to_string(trainedEpochs) + " epochs and this demo asks for "
                                         + std::to_string(run.epochs)
                                         + ": remove the run folder to train it again, or use another --out");
        }
        if (!trained) {
            TrainConfig c;
            c.stage = run.stage == "tag" ? "tag" : run.stage == "stage1" ? "pretrain" : "finetune";
            if (run.stage == "stage1")
                c.matching = run.method;
            c.nearestWarmupEpochs = p.nearestWarmupEpochs;
            c.nearestCentred = p.nearestCentred;
            c.trainCache = (cacheRoot / "train").string();
            c.valCache = (cacheRoot / "val").string();
            c.clipDir = clipDir.string();
            c.audioEncoderConfig = encoderConfigFile.string();
            c.initFrom = run.initFrom(p).string();
            c.runDir = run.dir.string();
            c.epochs = run.epochs;
            c.batchSize = p.batchSize;
            c.learningRate = p.learningRate;
            c.seed = run.seed;
            c.threads = p.threads;
            c.checkpointEverySteps = 0;  // epoch ends: cheap, and a kill loses at most one epoch
            c.validate(run.key());
            AudioTrainer trainer(c);
            JobHooks inner = hooks;
            const std::string label = run.key();
            inner.onProgress = [&](const JobProgress& pr) {
                JobProgress q = pr;
                q.stage = label;
                hooks.report(q);
            };
            const auto r = trainer.run(inner, /*resume=*/true);
            if (!r.completed || hooks.cancelled())
                return finishCancelled();
        }
        step(run.key() + " train", trained, since(t));
        if (run.stage == "tag")
            continue;  // its head predicts classes, not the joint space: nothing to retrieve with

        const auto te = std::chrono::steady_clock::now();
        const fs::path evalDir = run.dir / "eval";
        const bool evaluated = fs::exists(evalDir / "report.json");
        if (!evaluated) {
            EvaluatorParams e;
            e.cacheDir = cacheRoot / "test";
            e.modelDir = run.dir;
            e.clipDir = clipDir;
            e.outDir = evalDir;
            e.alignment = run.stage == "stage1";
            e.clipImage = p.clipImage;
            e.labels = {{"run", run.name}, {"seed", std::to_string(run.seed)}, {"method", run.method}};
            try {
                Evaluator(e).run(hooks);
            } catch (const Error&) {
                if (hooks.cancelled())
                    return finishCancelled();
                throw;
            }
        }
        reports[run.key()] = json::parse(readText(evalDir / "report.json"));
        step(run.key() + " eval", evaluated, since(te));
    }

    // 5. The search library: every sound the packages ship (a world of given sources: the folders
    //    its recordings are in), indexed with the search model (incremental: a re-run only looks at
    //    the files again).
    json searchJson;
    if (searchLibrary) {
        const auto t = std::chrono::steady_clock::now();
        const DemoSearchCheck searchCheck(worldDir / "world.json");
        const std::vector<fs::path> libraryFolders = p.sources.empty()
            ? DemoSoundLibrary::folders(p.packages, p.outDir / "library")
            : searchCheck.libraryFolders();
        const DemoRun& searchRun = plan.searchRun();
        const ModelIdentity model = ModelIdentity::resolve(searchRun.dir, "");
        IndexUpdateSummary s;
        {
            LibraryIndex index(indexDir, model);
            JobHooks inner = hooks;
            inner.onProgress = [&](const JobProgress& pr) {
                JobProgress q = pr;
                q.stage = "search index";
                hooks.report(q);
            };
            s = index.add(libraryFolders, inner);
        }
        if (s.cancelled || hooks.cancelled())
            return finishCancelled();
        json failures = json::array();
        for (const auto& f : s.failures)
            failures.push_back({{"path", f.path}, {"reason", f.reason}});
        LibrarySearcher searcher(indexDir, model);
        searchJson = {{"run", searchRun.key()},
                      {"run_dir", fs::relative(searchRun.dir, p.outDir).string()},
                      {"epochs", searchRun.epochs},
                      {"chosen_by", p.searchEpochs > 0 ? "a stage 2 of its own from Multiframe"
                                                       : "best validation text_to_audio R@10 among the comparison's stage-2 runs"},
                      {"index_dir", fs::relative(indexDir, p.outDir).string()},
                      {"folders", json::array()},
                      {"unreadable_files", failures},
                      {"report", reports[searchRun.key()]},
                      {"queries", searchCheck.run(searcher)}};
        for (const auto& f : libraryFolders)
            searchJson["folders"].push_back(f.string());
        step("search index", s.added + s.updated + s.removed == 0, since(t));
    }

    // 6. Report.
    const auto tr = std::chrono::steady_clock::now();
    const fs::path report = result.reportDir;
    fs::create_directories(report / "runs", ec);
    if (ec)
        throw Error(report, "cannot create the report folder: " + ec.message());

    const DemoAlignmentTruth trainTruth(worldDir / "manifest-train.jsonl");
    const DemoAlignmentTruth testTruth(worldDir / "manifest-test.jsonl");
    const double trainBase = trainTruth.baseRate();
    // What the image pivot can carry at most: does the stand-in name what a test frame shows?
    const FrameRecognition recognition = DemoFrameRecognition::measure(
        FrameCacheReader(cacheRoot / "test"), ClipTextEmbedder(clipDir, parseComputeDevice("cpu")));
    // The tagging runs' validation top-1 at their last epoch, by seed.
    json tagging = json::object();
    for (const DemoRun& run : runs)
        if (run.stage == "tag")
            tagging[std::to_string(run.seed)] = run.lastValidation("tagging/top1");

    json runsJson = json::array();
    std::map<std::string, json> alignmentByRun;
    for (const DemoRun& run : runs) {
        if (run.stage == "search" || run.stage == "tag")
            continue;  // reported in search.md; tagging has no retrieval report
        const fs::path evalDir = run.dir / "eval";
        const fs::path copyDir = report / "runs" / ("seed-" + std::to_string(run.seed) + "-" + run.name);
        fs::create_directories(copyDir, ec);
        for (const char* file : {"report.json", "report.md", "clips.txt"})
            if (fs::exists(evalDir / file))
                writeFileAtomically(copyDir / file, readText(evalDir / file));
        json alignment = json::object();
        if (run.stage == "stage1") {
            if (run.method != "multiframe" && fs::exists(run.dir / "choices.jsonl"))
                alignment["choices"] = trainTruth.choiceAccuracy(
                    readJsonLines(run.dir / "choices.jsonl"), run.method == "nearest" ? p.nearestWarmupEpochs : 0);
            if (fs::exists(evalDir / "alignment.json"))
                alignment["test_segments"]
                    = testTruth.segmentAccuracy(json::parse(readText(evalDir / "alignment.json")));
        }
        alignmentByRun[run.key()] = alignment;
        runsJson.push_back({{"seed", run.seed},
                            {"name", run.name},
                            {"stage", run.stage},
                            {"method", run.method},
                            {"stage1_epochs", run.stage1Epochs},
                            {"run_dir", fs::relative(run.dir, p.outDir).string()},
                            {"report", reports[run.key()]},
                            {"alignment", alignment},
                            {"loss", lossCurves(run.dir / "metrics.jsonl")}});
    }

    // One row per method, stage and stage-1 length, values gathered over seeds.
    struct Row {
        std::string title, stage, method;
        int stage1Epochs = 0;
        std::map<std::string, std::vector<double>> values;  // "text_to_audio/R@1", "choice", "segment"
    };
    std::vector<Row> rows;
    auto addRow = [&](const std::string& stage, const std::string& method, int length, const std::string& title) {
        Row row{title, stage, method, length, {}};
        for (const DemoRun& run : runs) {
            if (run.stage != stage || run.method != method || run.stage1Epochs != length)
                continue;
            const json& r = reports[run.key()];
            for (const auto& d : RetrievalReport::directionOrder())
                if (r.contains(d))
                    for (const char* k : {"R@1", "R@10", "mAP@10", "medR"})
                        row.values[d + "/" + k].push_back(r[d].value(k, 0.0));
            const json& a = alignmentByRun[run.key()];
            if (a.contains("choices"))
                row.values["choice"].push_back(a["choices"].value("accuracy_after_warmup", 0.0));
            if (a.contains("test_segments"))
                row.values["segment"].push_back(a["test_segments"].value("segment_accuracy", 0.0));
            if (r.contains("zero_shot"))
                row.values["zero_shot_top1"].push_back(r["zero_shot"].value("top1", 0.0));
        }
        rows.push_back(row);
    };
    for (const int length : stage1Lengths) {
        const std::string epochs = stage1Lengths.size() > 1 ? ", " + std::to_string(length) + " ep" : "";
        for (const auto& m : DemoRunPlan::methods())
            addRow("stage1", m, length, methodTitle(m) + " · stage 1" + epochs + " (zero-shot text)");
    }
    for (const int length : stage1Lengths) {
        const std::string epochs = stage1Lengths.size() > 1 ? " (stage 1: " + std::to_string(length) + " ep)" : "";
        for (const auto& m : DemoRunPlan::methods())
            addRow("stage2", m, length, methodTitle(m) + " → stage 2" + epochs);
    }
    addRow("stage2", "scratch", 0, "No stage 1 · stage 2 only");

    std::ostringstream md;
    md << "# SoundFrame demo results\n\n"
       << "Real recordings and pictures from Debian packages, composed into " << p.world.clipsTrain << "/"
       << p.world.clipsVal << "/" << p.world.clipsTest << " train/val/test videos of " << p.world.clipSeconds
       << " s; the image-text model is a small stand-in with CLIP's architecture trained by SoundFrame on the "
          "world's pictures and captions (stage 0), not CLIP. Test set: "
       << p.world.clipsTest << " clips (median rank by chance: about " << (p.world.clipsTest + 1) / 2
       << "). Percentages and ranks; " << (p.seeds.size() > 1 ? "mean ± standard deviation over seeds " : "seed ");
    for (size_t i = 0; i < p.seeds.size(); ++i)
        md << (i ? ", " : "") << p.seeds[i];
    md << ". ";
    if (p.tagEpochs > 0)
        md << "Every audio encoder starts from audio tagging on the training split's labels (" << p.tagEpochs
           << " epochs; the field starts from PANNs). ";
    md << "Stage 1: ";
    for (size_t i = 0; i < stage1Lengths.size(); ++i)
        md << (i ? " or " : "") << stage1Lengths[i];
    md << " epochs, stage 2: " << p.stage2Epochs << " epochs. Audio<->image: a clip's image is "
       << (p.clipImage == ClipImage::Middle ? "its middle frame"
           : p.clipImage == ClipImage::Mean ? "the mean of its frames' embeddings"
                                            : "its most similar frame")
       << ".\n\n";
    // key, header, digits
    const std::vector<std::tuple<std::string, std::string, int>> columns{
        {"text_to_audio/R@1", "T→A R@1", 1},   {"text_to_audio/R@10", "T→A R@10", 1},
        {"text_to_audio/medR", "T→A medR", 0}, {"audio_to_text/R@10", "A→T R@10", 1},
        {"audio_to_image/R@1", "A→I R@1", 1},  {"audio_to_image/R@10", "A→I R@10", 1},
        {"audio_to_image/medR", "A→I medR", 0}, {"image_to_audio/R@10", "I→A R@10", 1},
        {"choice", "train choices", 1},         {"segment", "test segments", 1}};
    md << "| method · stage |";
    for (const auto& [key, header, digits] : columns)
        md << " " << header << " |";
    md << "\n|---|";
    for (size_t i = 0; i < columns.size(); ++i)
        md << "---:|";
    md << "\n";
    json rowsJson = json::array();
    for (const Row& row : rows) {
        md << "| " << row.title << " |";
        for (const auto& [key, header, digits] : columns) {
            const auto it = row.values.find(key);
            md << " " << (it == row.values.end() ? "–" : cell(it->second, digits)) << " |";
        }
        md << "\n";
        json values = json::object();
        for (const auto& [key, v] : row.values) {
            const auto [m, s] = meanStd(v);
            values[key] = {{"mean", m}, {"std", s}, {"values", v}};
        }
        rowsJson.push_back({{"title", row.title}, {"stage", row.stage}, {"method", row.method},
                            {"stage1_epochs", row.stage1Epochs}, {"values", values}});
    }
    md << "\nThe stand-in names the source on " << fixed(recognition.accuracy) << "% of the " << recognition.frames
       << " test frames that show one (its " << recognition.classes << " class names as text; chance "
       << fixed(recognition.classes ? 100.0 / double(recognition.classes) : 0.0) << "%).";
    if (!tagging.empty()) {
        md << " Audio tagging, validation top-1:";
        for (const auto& [seed, top1] : tagging.items())
            md << " " << fixed(top1.get<double>()) << "% (seed " << seed << ")";
        md << ".";
    }
    md << "\n";
    md << "\nmedR: median rank of the relevant item (1 is best). Train choices: share of the frames Random and "
          "Nearest paired a clip's audio with that show a source of the clip, after Nearest's warm-up (a uniform "
          "draw scores the base rate "
       << fixed(trainBase) << "%), and share of 1 s test audio segments whose most similar frame shows a source "
          "sounding in that segment (see alignment.md for base rates). Zero-shot text rows use the stand-in's "
          "text tower on an encoder that never saw text (the image pivot).\n";

    // Alignment report.
    std::ostringstream amd;
    amd << "# Ground-truth alignment accuracy\n\n"
        << "Train choices: how often the frame a stage-1 method paired with a clip's audio shows a source of "
           "that clip (all (clip, epoch) choices in choices.jsonl). Uniform random draw (base rate): "
        << fixed(trainBase) << "%. Multiframe pairs every segment with every frame, so it has no choices.\n\n"
        << "Test segments: for each 1 s audio segment in which a visible source sounds, does the frame most "
           "similar to the segment (cos f(a_l), g(i_m)) show a source sounding in it? Whole clip: does the frame "
           "most similar to f(whole clip) show any of its sources?\n\n"
        << "| seed | method | epochs | train choices | after warm-up | test segments | segment base rate | whole clip | "
           "clip base rate |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n";
    json alignmentJson{{"train_base_rate", trainBase}, {"runs", json::array()}};
    for (const DemoRun& run : runs) {
        if (run.stage != "stage1")
            continue;
        const json& a = alignmentByRun[run.key()];
        auto get = [&](const char* part, const char* key) {
            return a.contains(part) && a[part].contains(key) ? fixed(a[part][key].get<double>()) : std::string("–");
        };
        amd << "| " << run.seed << " | " << methodTitle(run.method) << " | " << run.stage1Epochs << " | "
            << get("choices", "accuracy") << " | "
            << get("choices", "accuracy_after_warmup") << " | " << get("test_segments", "segment_accuracy") << " | "
            << get("test_segments", "segment_base_rate") << " | " << get("test_segments", "clip_accuracy") << " | "
            << get("test_segments", "clip_base_rate") << " |\n";
        alignmentJson["runs"].push_back(
            {{"seed", run.seed}, {"method", run.method}, {"stage1_epochs", run.stage1Epochs}, {"alignment", a}});
    }
    writeFileAtomically(report / "alignment.md", amd.str());
    writeFileAtomically(report / "alignment.json", alignmentJson.dump(1) + "\n");

    // Search report, and its gist in the summary.
    if (searchLibrary) {
        const json& queries = searchJson["queries"];
        const json& caption = queries["styles"]["caption"];
        const json& searchReport = searchJson["report"];
        auto testRecall = [](const json& r) {
            return r.contains("text_to_audio") ? fixed(r["text_to_audio"].value("R@10", 0.0)) : std::string("–");
        };
        std::string folders;
        for (const auto& f : searchJson["folders"])
            folders += (folders.empty() ? "" : ", ") + f.get<std::string>();
        std::ostringstream smd;
        smd << "# Text search over the demo's sounds\n\n"
            << "Index `" << searchJson["index_dir"].get<std::string>() << "`: every sound and video file in "
            << folders << " (" << (p.sources.empty() ? "every sound the demo's Debian packages ship, gcompris' extracted from its bundles"
                                                     : "the folders the world's recordings are in")
            << ") — " << queries.value("files", 0)
            << " files, " << searchJson["unreadable_files"].size() << " unreadable. Model `"
            << searchJson["run_dir"].get<std::string>() << "` (" << searchJson["chosen_by"].get<std::string>()
            << "; " << searchJson["epochs"].get<int>() << " epochs of stage 2 on the training captions); text→audio "
            << "R@10 on the test clips " << testRecall(searchReport) << "%.\n\n"
            << "One query per class with a recording in the index. A hit at k: one of the class's own recordings "
               "(any split; a copy or a link of one counts) is among the k best files of the whole index; the other "
               "files are distractors. A class "
               "heard in training had recordings in the training videos (mixed with other sounds, not alone); the "
               "others were never heard, and should stay near chance. Percent of classes:\n\n"
            << DemoSearchCheck::markdown(queries);
        writeFileAtomically(report / "search.md", smd.str());

        md << "\nSearch: the search model (" << searchJson["run_dir"].get<std::string>() << ", "
           << searchJson["chosen_by"].get<std::string>() << ") indexed "
           << queries.value("files", 0) << " sound files into `"
           << searchJson["index_dir"].get<std::string>() << "`. A class's caption (\"a dog barks\") finds one of its own "
           << "recordings first for " << fixed(caption.value("top1", 0.0)) << "% of classes and in the top 10 for "
           << fixed(caption.value("top10", 0.0)) << "% (" << fixed(caption.value("top10_heard_classes", 0.0))
           << "% of the classes heard in training; chance " << fixed(caption.value("chance_top1", 0.0)) << "% and "
           << fixed(caption.value("chance_top10", 0.0)) << "%). Details: search.md; try `soundframe-cli search --index "
           << indexDir.string() << " --text \"a dog barks\"`.\n";
    }

    json resultsJson{{"format", "soundframe-demo-results/1"},
                     {"world", json::parse(p.world.fingerprint())},
                     {"stand_in", json::parse(readText(clipDir / "standin-done.json"))},
                     {"audio_encoder", json::parse(audioEncoderConfigToJson(encoderConfig))},
                     {"stage1_epochs", p.stage1Epochs},
                     {"stage2_epochs", p.stage2Epochs},
                     {"batch_size", p.batchSize},
                     {"learning_rate", p.learningRate},
                     {"nearest_warmup_epochs", p.nearestWarmupEpochs},
                     {"nearest_centred", p.nearestCentred},
                     {"seeds", p.seeds},
                     {"threads", computeThreads()},
                     {"train_base_rate", trainBase},
                     {"stand_in_frame_recognition",
                      {{"accuracy", recognition.accuracy}, {"frames", recognition.frames}, {"classes", recognition.classes}}},
                     {"tag_epochs", p.tagEpochs},
                     {"tagging_validation_top1", tagging},
                     {"stage1_short_epochs", p.stage1ShortEpochs},
                     {"clip_image", clipImageName(p.clipImage)},
                     {"rows", rowsJson},
                     {"runs", runsJson},
                     {"search", searchJson},
                     {"step_seconds", stepSeconds}};
    writeFileAtomically(report / "results.json", resultsJson.dump(1) + "\n");

    // Charts read results.json; the summary says whether they exist.
    if (p.renderCharts)
        result.chartsNote = p.renderCharts(report);
    else
        result.chartsNote = "charts not drawn: no chart renderer (the GUI binary 'soundframe' was not found)";
    md << "\n";
    if (result.chartsNote.empty())
        md << "Charts: charts/recall-at-1.png (R@1 per method and direction), charts/loss-*.png (loss per run).\n";
    else
        md << "Charts: " << result.chartsNote << ".\n";
    result.summaryMarkdown = md.str();
    writeFileAtomically(report / "summary.md", result.summaryMarkdown);

    step("report", false, since(tr));
    result.completed = true;
    result.seconds = since(start);
    result.peakRssKb = peakRssKb();
    resultsJson["charts"] = result.chartsNote.empty() ? json("drawn") : json(result.chartsNote);
    resultsJson["step_seconds"] = stepSeconds;
    resultsJson["seconds"] = result.seconds;
    resultsJson["peak_rss_kb"] = result.peakRssKb;
    writeFileAtomically(report / "results.json", resultsJson.dump(1) + "\n");
    return result;
}

} // namespace soundframe
