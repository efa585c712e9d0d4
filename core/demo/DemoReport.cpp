#include "DemoReport.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/FileText.h"
#include "base/PeakMemory.h"
#include "demo/DemoSearchCheck.h"
#include "eval/ClipImage.h"
#include "train/ClipPairingRegistry.h"
#include "train/TrainConfig.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <tuple>

namespace soundframe {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

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

// Step losses of a run (at most ~300 points) and its epoch means (1-based epochs).
json lossCurves(const std::vector<TrainMetrics>& metrics)
{
    json steps = json::array(), epochs = json::array();
    const auto stepLines = size_t(std::count_if(metrics.begin(), metrics.end(),
                                                [](const TrainMetrics& m) { return m.kind == "step"; }));
    const size_t every = std::max<size_t>(1, stepLines / 300);
    size_t seen = 0;
    for (const auto& m : metrics) {
        if (m.kind == "step") {
            if (seen++ % every == 0)
                steps.push_back({m.step, m.loss});
        } else {
            epochs.push_back({m.epoch + 1, m.loss});
        }
    }
    return {{"steps", steps}, {"epochs", epochs}};
}

std::string methodTitle(const std::string& method)
{
    std::string t = method;
    if (!t.empty())
        t[0] = char(std::toupper(static_cast<unsigned char>(t[0])));
    return t;
}

// The recipe sentence's note on a stage's frozen blocks (TrainConfig::frozenAudioBlocks); none: nothing.
std::string keptBlocks(int frozen)
{
    return frozen > 0 ? " with the audio encoder's first " + std::to_string(frozen) + " blocks frozen" : "";
}

json choicesJson(const ChoiceAccuracy& c)
{
    json epochs = json::array();
    for (const auto& [epoch, accuracy] : c.perEpoch)
        epochs.push_back({{"epoch", epoch}, {"accuracy", accuracy}});
    json j{{"choices", c.choices}, {"accuracy", c.accuracy}, {"per_epoch", epochs}};
    if (c.afterWarmup)
        j["accuracy_after_warmup"] = *c.afterWarmup;
    return j;
}

json segmentsJson(const SegmentAccuracy& s)
{
    return {{"segments", s.segments},         {"segment_accuracy", s.segmentAccuracy},
            {"segment_base_rate", s.segmentBaseRate}, {"clips", s.clips},
            {"clip_accuracy", s.clipAccuracy}, {"clip_base_rate", s.clipBaseRate}};
}

json alignmentJson(const DemoRunOutcome& r)
{
    json a = json::object();
    if (r.choices)
        a["choices"] = choicesJson(*r.choices);
    if (r.segments)
        a["test_segments"] = segmentsJson(*r.segments);
    return a;
}

// One row of the table: a method at a stage and stage-1 length, its figures gathered over seeds.
struct Row {
    std::string title;
    DemoRunStage stage = DemoRunStage::Stage1;
    std::string method;
    int stage1Epochs = 0;
    std::map<std::string, std::vector<double>> values;  // "text_to_audio/R@1", "choice", "segment"
};

Row gatherRow(const std::vector<DemoRunOutcome>& runs, DemoRunStage stage, const std::string& method,
              int length, const std::string& title)
{
    Row row{title, stage, method, length, {}};
    for (const DemoRunOutcome& r : runs) {
        if (r.run.stage != stage || r.run.method != method || r.run.stage1Epochs != length)
            continue;
        for (const auto& d : RetrievalReport::directionOrder())
            if (r.retrieval.has(d)) {
                const RetrievalScores& s = r.retrieval.get(d);
                row.values[d + "/R@1"].push_back(s.recallAt1);
                row.values[d + "/R@10"].push_back(s.recallAt10);
                row.values[d + "/mAP@10"].push_back(s.mapAt10);
                row.values[d + "/medR"].push_back(s.medianRank);
            }
        if (r.choices && r.choices->afterWarmup)
            row.values["choice"].push_back(*r.choices->afterWarmup);
        if (r.segments)
            row.values["segment"].push_back(r.segments->segmentAccuracy);
        if (r.zeroShotTop1)
            row.values["zero_shot_top1"].push_back(*r.zeroShotTop1);
    }
    return row;
}

} // namespace

DemoRunOutcome DemoRunOutcome::read(const DemoRun& run, const DemoAlignmentTruth& trainTruth,
                                    const DemoAlignmentTruth& testTruth)
{
    DemoRunOutcome o;
    o.run = run;
    const fs::path evalDir = run.dir / "eval";
    o.evaluationJson = readFileText(evalDir / "report.json");
    o.retrieval = RetrievalReport::fromJson(o.evaluationJson);
    const json report = json::parse(o.evaluationJson, nullptr, false);
    if (report.is_object() && report.contains("zero_shot") && report["zero_shot"].contains("top1"))
        o.zeroShotTop1 = report["zero_shot"]["top1"].get<double>();
    if (run.stage == DemoRunStage::Stage1) {
        if (fs::exists(run.dir / "choices.jsonl")) {  // Multiframe chooses no frame and writes none
            const auto config = TrainConfig::fromJsonFile(run.dir / "config.json");
            o.choices = trainTruth.choiceAccuracy(FrameChoiceLog::read(run.dir), config.choiceWarmupEpochs());
        }
        if (fs::exists(evalDir / "alignment.json"))
            o.segments = testTruth.segmentAccuracy(AlignmentFile::read(evalDir / "alignment.json"));
    }
    o.metrics = TrainMetrics::readFile(run.dir / "metrics.jsonl");
    return o;
}

DemoReport::DemoReport(DemoReportInputs inputs) : m_in(std::move(inputs)) {}

DemoReportFiles DemoReport::write(const fs::path& report,
                                  const std::function<std::string(const fs::path&)>& renderCharts) const
{
    const DemoPipelineParams& p = m_in.params;
    std::error_code ec;
    fs::create_directories(report / "runs", ec);
    if (ec)
        throw Error(report, "cannot create the report folder: " + ec.message());

    // Each run's evaluation, copied beside the report.
    json runsJson = json::array();
    for (const DemoRunOutcome& r : m_in.runs) {
        const DemoRun& run = r.run;
        const fs::path evalDir = run.dir / "eval";
        const fs::path copyDir = report / "runs" / ("seed-" + std::to_string(run.seed) + "-" + run.name);
        fs::create_directories(copyDir, ec);
        for (const char* file : {"report.json", "report.md", "clips.txt"})
            if (fs::exists(evalDir / file))
                writeFileAtomically(copyDir / file, readFileText(evalDir / file));
        runsJson.push_back({{"seed", run.seed},
                            {"name", run.name},
                            {"stage", demoRunStageName(run.stage)},
                            {"method", run.method},
                            {"stage1_epochs", run.stage1Epochs},
                            {"run_dir", fs::relative(run.dir, p.outDir).string()},
                            {"report", json::parse(r.evaluationJson)},
                            {"alignment", alignmentJson(r)},
                            {"loss", lossCurves(r.metrics)}});
    }

    // One row per method, stage and stage-1 length.
    const std::vector<int>& lengths = m_in.stage1Lengths;
    std::vector<Row> rows;
    for (const int length : lengths) {
        const std::string epochs = lengths.size() > 1 ? ", " + std::to_string(length) + " ep" : "";
        for (const auto& m : p.methods)
            rows.push_back(gatherRow(m_in.runs, DemoRunStage::Stage1, m, length,
                                     methodTitle(m) + " · stage 1" + epochs + " (zero-shot text)"));
    }
    for (const int length : lengths) {
        const std::string epochs = lengths.size() > 1 ? " (stage 1: " + std::to_string(length) + " ep)" : "";
        for (const auto& m : p.methods)
            rows.push_back(gatherRow(m_in.runs, DemoRunStage::Stage2, m, length, methodTitle(m) + " → stage 2" + epochs));
    }
    rows.push_back(gatherRow(m_in.runs, DemoRunStage::Stage2, "scratch", 0, "No stage 1 · stage 2 only"));

    std::ostringstream md;
    md << "# SoundFrame demo results\n\n"
       << "Real recordings and pictures from Debian packages, composed into " << p.world.clipsTrain << "/"
       << p.world.clipsVal << "/" << p.world.clipsTest << " train/val/test videos of " << p.world.clipSeconds
       << " s"
       << (p.world.splitBy == DemoSplitBy::Clip ? " (the splits share recordings: test clips are new scenes of sounds heard in training)"
                                     : " (no recording sounds in two splits)")
       << "; the image-text model is a small stand-in with CLIP's architecture trained by SoundFrame on the "
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
    for (size_t i = 0; i < lengths.size(); ++i)
        md << (i ? " or " : "") << lengths[i];
    md << " epochs, peak learning rate";
    for (const auto& m : p.methods)
        md << (m == p.methods.front() ? " " : ", ") << methodTitle(m) << " " << p.stage1LearningRate(m);
    const bool anyPicks = std::any_of(p.methods.begin(), p.methods.end(), [](const std::string& m) {
        return ClipPairingRegistry::traits(m).picksMostSimilarFrame;
    });
    if (p.nearestWarmupEpochs > 0 && anyPicks)  // a comparison without Nearest has no warm-up to state
        md << " (Nearest after " << p.nearestWarmupEpochs << " epochs of random frames)";
    md << keptBlocks(p.stage1FrozenAudioBlocks);
    md << "; stage 2: " << p.stage2Epochs << " epochs at " << p.learningRate << keptBlocks(p.stage2FrozenAudioBlocks)
       << ". Audio<->image: a clip's image is "
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
        rowsJson.push_back({{"title", row.title}, {"stage", demoRunStageName(row.stage)}, {"method", row.method},
                            {"stage1_epochs", row.stage1Epochs}, {"values", values}});
    }
    const FrameRecognition& recognition = m_in.recognition;
    md << "\nThe stand-in names the source on " << fixed(recognition.accuracy) << "% of the " << recognition.frames
       << " test frames that show one (its " << recognition.classes << " class names as text; chance "
       << fixed(recognition.classes ? 100.0 / double(recognition.classes) : 0.0) << "%).";
    json tagging = json::object();
    if (!m_in.taggingTop1.empty()) {
        md << " Audio tagging, validation top-1:";
        for (const auto& [seed, top1] : m_in.taggingTop1) {
            md << " " << fixed(top1) << "% (seed " << seed << ")";
            tagging[std::to_string(seed)] = top1;
        }
        md << ".";
    }
    md << "\n";
    md << "\nmedR: median rank of the relevant item (1 is best). Train choices: share of the frames Random and "
          "Nearest paired a clip's audio with that show a source of the clip, after Nearest's warm-up (a uniform "
          "draw scores the base rate "
       << fixed(m_in.trainBaseRate) << "%), and share of 1 s test audio segments whose most similar frame shows a source "
          "sounding in that segment (see alignment.md for base rates). Zero-shot text rows use the stand-in's "
          "text tower on an encoder that never saw text (the image pivot).\n";

    // Alignment report.
    std::ostringstream amd;
    amd << "# Ground-truth alignment accuracy\n\n"
        << "Train choices: how often the frame a stage-1 method paired with a clip's audio shows a source of "
           "that clip (all (clip, epoch) choices in choices.jsonl). Uniform random draw (base rate): "
        << fixed(m_in.trainBaseRate) << "%. Multiframe pairs every segment with every frame, so it has no choices.\n\n"
        << "Test segments: for each 1 s audio segment in which a visible source sounds, does the frame most "
           "similar to the segment (cos f(a_l), g(i_m)) show a source sounding in it? Whole clip: does the frame "
           "most similar to f(whole clip) show any of its sources?\n\n"
        << "| seed | method | epochs | train choices | after warm-up | test segments | segment base rate | whole clip | "
           "clip base rate |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n";
    json alignmentRuns = json::array();
    for (const DemoRunOutcome& r : m_in.runs) {
        if (r.run.stage != DemoRunStage::Stage1)
            continue;
        auto figure = [](const auto& part, auto member) {
            return part ? fixed((*part).*member) : std::string("–");
        };
        const std::string afterWarmup =
            r.choices && r.choices->afterWarmup ? fixed(*r.choices->afterWarmup) : std::string("–");
        amd << "| " << r.run.seed << " | " << methodTitle(r.run.method) << " | " << r.run.stage1Epochs << " | "
            << figure(r.choices, &ChoiceAccuracy::accuracy) << " | " << afterWarmup << " | "
            << figure(r.segments, &SegmentAccuracy::segmentAccuracy) << " | "
            << figure(r.segments, &SegmentAccuracy::segmentBaseRate) << " | "
            << figure(r.segments, &SegmentAccuracy::clipAccuracy) << " | "
            << figure(r.segments, &SegmentAccuracy::clipBaseRate) << " |\n";
        alignmentRuns.push_back({{"seed", r.run.seed}, {"method", r.run.method},
                                 {"stage1_epochs", r.run.stage1Epochs}, {"alignment", alignmentJson(r)}});
    }
    writeFileAtomically(report / "alignment.md", amd.str());
    writeFileAtomically(report / "alignment.json",
                        json{{"train_base_rate", m_in.trainBaseRate}, {"runs", alignmentRuns}}.dump(1) + "\n");

    // Search report, and its gist in the summary.
    json searchJson;
    if (m_in.search) {
        const DemoSearchOutcome& s = *m_in.search;
        const json& caption = s.queries["styles"]["caption"];
        const std::string testRecall =
            s.testRetrieval.has("text_to_audio") ? fixed(s.testRetrieval.get("text_to_audio").recallAt10) : "–";
        std::string folders;
        json foldersJson = json::array(), failures = json::array();
        for (const auto& f : s.folders) {
            folders += (folders.empty() ? "" : ", ") + f.string();
            foldersJson.push_back(f.string());
        }
        for (const auto& [path, reason] : s.unreadableFiles)
            failures.push_back({{"path", path}, {"reason", reason}});
        const std::string runDir = fs::relative(s.run.dir, p.outDir).string();
        const std::string indexDir = fs::relative(s.indexDir, p.outDir).string();
        const int64_t files = s.queries.value("files", int64_t(0));
        std::ostringstream smd;
        smd << "# Text search over the demo's sounds\n\n"
            << "Index `" << indexDir << "`: every sound and video file in " << folders << " ("
            << (p.sources.empty() ? "every sound the demo's Debian packages ship, gcompris' extracted from its bundles"
                                  : "the folders the world's recordings are in")
            << ") — " << files << " files, " << s.unreadableFiles.size() << " unreadable. Model `" << runDir << "` ("
            << s.chosenBy << "; " << s.run.epochs << " epochs of stage 2 on the training captions); text→audio "
            << "R@10 on the test clips " << testRecall << "%.\n\n"
            << "One query per class with a recording in the index. A hit at k: one of the class's own recordings "
               "(any split; a copy or a link of one counts) is among the k best files of the whole index; the other "
               "files are distractors. A class "
               "heard in training had recordings in the training videos (mixed with other sounds, not alone); the "
               "others were never heard, and should stay near chance. Percent of classes:\n\n"
            << DemoSearchCheck::markdown(s.queries);
        writeFileAtomically(report / "search.md", smd.str());

        md << "\nSearch: the search model (" << runDir << ", " << s.chosenBy << ") indexed " << files
           << " sound files into `" << indexDir << "`. A class's caption (\"a dog barks\") finds one of its own "
           << "recordings first for " << fixed(caption.value("top1", 0.0)) << "% of classes and in the top 10 for "
           << fixed(caption.value("top10", 0.0)) << "% (" << fixed(caption.value("top10_heard_classes", 0.0))
           << "% of the classes heard in training; chance " << fixed(caption.value("chance_top1", 0.0)) << "% and "
           << fixed(caption.value("chance_top10", 0.0)) << "%). Details: search.md; try `soundframe-cli search --index "
           << s.indexDir.string() << " --text \"a dog barks\"`.\n";
        searchJson = {{"run", s.run.key()},
                      {"run_dir", runDir},
                      {"epochs", s.run.epochs},
                      {"chosen_by", s.chosenBy},
                      {"index_dir", indexDir},
                      {"folders", foldersJson},
                      {"unreadable_files", failures},
                      {"report", json::parse(s.testRetrieval.toJson())},
                      {"queries", s.queries}};
    }

    DemoReportFiles files;
    files.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_in.started).count();
    files.peakRssKb = peakResidentKb();
    const json resultsJson{{"format", "soundframe-demo-results/1"},
                           {"world", json::parse(p.world.fingerprint())},
                           {"stand_in", json::parse(m_in.standInStamp)},
                           {"audio_encoder", json::parse(m_in.audioEncoderJson)},
                           {"methods", p.methods},
                           {"stage1_epochs", p.stage1Epochs},
                           {"stage2_epochs", p.stage2Epochs},
                           {"batch_size", p.batchSize},
                           {"learning_rate", p.learningRate},
                           {"stage1_learning_rates", p.stage1LearningRates},
                           {"stage1_frozen_audio_blocks", p.stage1FrozenAudioBlocks},
                           {"stage2_frozen_audio_blocks", p.stage2FrozenAudioBlocks},
                           {"nearest_warmup_epochs", p.nearestWarmupEpochs},
                           {"nearest_centred", p.nearestCentred},
                           {"seeds", p.seeds},
                           {"threads", m_in.threads},
                           {"train_base_rate", m_in.trainBaseRate},
                           {"stand_in_frame_recognition",
                            {{"accuracy", recognition.accuracy}, {"frames", recognition.frames},
                             {"classes", recognition.classes}}},
                           {"tag_epochs", p.tagEpochs},
                           {"tagging_validation_top1", tagging},
                           {"stage1_short_epochs", p.stage1ShortEpochs},
                           {"clip_image", clipImageName(p.clipImage)},
                           {"rows", rowsJson},
                           {"runs", runsJson},
                           {"search", searchJson},
                           {"step_seconds", m_in.stepSeconds},
                           {"seconds", files.seconds},
                           {"peak_rss_kb", files.peakRssKb}};
    writeFileAtomically(report / "results.json", resultsJson.dump(1) + "\n");

    // The charts are drawn from results.json; the summary says whether they were.
    files.chartsNote = renderCharts
                           ? renderCharts(report)
                           : "charts not drawn: no chart renderer (the GUI binary 'soundframe' was not found)";
    md << "\n";
    if (files.chartsNote.empty())
        md << "Charts: charts/recall-at-1.png (R@1 per method and direction), charts/loss-*.png (loss per run).\n";
    else
        md << "Charts: " << files.chartsNote << ".\n";
    files.summaryMarkdown = md.str();
    writeFileAtomically(report / "summary.md", files.summaryMarkdown);
    return files;
}

} // namespace soundframe
