#include "Evaluator.h"

#include "UnitRows.h"
#include "AlignmentExport.h"
#include "CacheEmbedding.h"
#include "AlignmentFile.h"
#include "AlignmentSummary.h"
#include "RetrievalEvaluation.h"
#include "RetrievalQueries.h"
#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/Utf8.h"
#include "data/CsvReader.h"
#include "data/FrameCacheReader.h"
#include "media/WavWriter.h"
#include "model/AudioEncoder.h"
#include "model/ClipTextEmbedder.h"
#include "model/ComputeDevice.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace soundframe {

namespace fs = std::filesystem;

namespace {
std::string formatNumber(double v)
{
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

// Zero-shot over the cache's own label set, each class the mean of its prompts' unit embeddings.
std::optional<ZeroShotClassification> classifyZeroShot(const FrameCacheReader& cache, const torch::Tensor& audio,
                                                       const ClipTextEmbedder& text,
                                                       const std::vector<std::string>& templates)
{
    std::set<std::string> names;
    for (size_t i = 0; i < cache.size(); ++i)
        names.insert(cache.record(i).labels.begin(), cache.record(i).labels.end());
    const std::vector<std::string> classNames(names.begin(), names.end());
    if (classNames.empty() || templates.empty())
        return std::nullopt;
    std::vector<torch::Tensor> classRows;
    for (const auto& name : classNames) {
        std::vector<std::string> prompts;
        for (const auto& pattern : templates)
            prompts.push_back(Evaluator::fillPrompt(pattern, name));
        classRows.push_back(unitRows(text.embed(prompts)).mean(0));
    }
    std::vector<std::vector<int64_t>> clipClasses(cache.size());
    std::vector<int> folds(cache.size());
    for (size_t i = 0; i < cache.size(); ++i) {
        for (const auto& label : cache.record(i).labels)
            clipClasses[i].push_back(
                int64_t(std::lower_bound(classNames.begin(), classNames.end(), label) - classNames.begin()));
        folds[i] = cache.record(i).fold;
    }
    return ZeroShotClassification::score(audio, torch::stack(classRows, 0), classNames, clipClasses, folds);
}

// OUT/zero_shot.csv: every scored clip with its file, fold, label(s), top-1 class and hits.
std::string zeroShotClipsCsv(const FrameCacheReader& cache, const ZeroShotClassification& z)
{
    std::string csv = "clip,path,fold,label,predicted,top1,top5\n";
    for (size_t i = 0; i < cache.size(); ++i) {
        const auto& p = z.predictions[i];
        if (p.top.empty())
            continue;
        const auto& r = cache.record(i);
        std::string labels;
        for (const auto& l : r.labels)
            labels += (labels.empty() ? "" : ";") + l;
        csv += CsvReader::quoteField(r.id) + "," + CsvReader::quoteField(r.mediaPath) + "," + std::to_string(r.fold) + ","
               + CsvReader::quoteField(labels) + "," + CsvReader::quoteField(z.classNames[size_t(p.top[0])]) + ","
               + (p.hit1 ? "1" : "0") + "," + (p.hit5 ? "1" : "0") + "\n";
    }
    return csv;
}

// One clip's alignment for Audacity and Sonic Visualiser, and its audio, as STEM.* in `dir`.
void exportClipAlignment(const CachedClip& clip, const ClipAlignment& a, int rate, const fs::path& dir,
                         std::set<std::string>& stemsUsed)
{
    AlignmentExportClip c;
    c.clipId = clip.clip.id;
    for (double t : clip.frameSeconds)
        c.frameSeconds.push_back(t - clip.clip.start);
    c.audioToFrame = a.audioToFrame;
    c.argmaxFrame = a.argmaxFrame;
    c.events = clip.clip.events;
    const std::string base = AlignmentExport::fileStem(c.clipId);
    std::string stem = base;
    for (int n = 2; !stemsUsed.insert(stem).second; ++n)
        stem = base + "-" + std::to_string(n);
    AlignmentExport(c).write(dir, stem);
    const auto audio = clip.audio.to(torch::kFloat32).contiguous();
    writeWav(dir / (stem + ".wav"), std::vector<float>(audio.data_ptr<float>(), audio.data_ptr<float>() + audio.numel()),
             rate);
}
} // namespace

Evaluator::Evaluator(EvaluatorParams params) : m_params(std::move(params)) {}

std::string Evaluator::fillPrompt(const std::string& pattern, const std::string& label)
{
    std::string out = pattern;
    const auto first = out.find("{}");
    if (first == std::string::npos)
        return out + (out.empty() ? "" : " ") + label;
    for (auto at = first; at != std::string::npos; at = out.find("{}", at + label.size()))
        out.replace(at, 2, label);
    return out;
}

std::vector<std::string> Evaluator::readPromptTemplates(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in || fs::is_directory(file))
        throw Error(file, "cannot read the prompt templates");
    std::vector<std::string> templates;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (n == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
            line.erase(0, 3);
        if (!utf8::isValid(line))
            throw Error(file.string() + ":" + std::to_string(n), "the prompt template is not valid UTF-8");
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos)
            continue;
        templates.push_back(line.substr(first, line.find_last_not_of(" \t\r") - first + 1));
    }
    if (templates.empty())
        throw Error(file, "no prompt template in the file (one per line, '{}' = the label)");
    return templates;
}

EvaluationResult Evaluator::run(const JobHooks& hooks)
{
    const auto& p = m_params;
    const auto device = parseComputeDevice(p.device);
    const FrameCacheReader cache(p.cacheDir);
    if (cache.size() == 0)
        throw Error(p.cacheDir, "the cache holds no clips");

    // A run folder: its trained encoder and the labels and segment length of its config.
    fs::path encoderDir = p.modelDir;
    std::map<std::string, std::string> labels;
    double segmentSeconds = p.segmentSeconds;
    if (fs::exists(p.modelDir / "audio-encoder" / "config.json")) {
        encoderDir = p.modelDir / "audio-encoder";
        labels["run"] = p.modelDir.filename().string();
        std::ifstream in(p.modelDir / "config.json");
        if (in) {
            try {
                const auto run = nlohmann::json::parse(in);
                labels["stage"] = run.value("stage", std::string());
                if (labels["stage"] == "pretrain")
                    labels["matching"] = run.value("matching", std::string());
                if (segmentSeconds <= 0)
                    segmentSeconds = run.value("segment_seconds", 0.0);
            } catch (const nlohmann::json::exception& e) {
                throw Error(p.modelDir / "config.json", std::string("malformed run config: ") + e.what());
            }
        }
    }
    if (segmentSeconds <= 0)
        segmentSeconds = 1.0;
    for (const auto& [key, value] : p.labels)
        labels[key] = value;
    labels["model"] = encoderDir.string();
    labels["cache"] = p.cacheDir.string();

    AudioEncoder encoder = loadAudioEncoder(encoderDir, device);
    encoder->eval();
    const auto& ac = encoder->config();
    if (ac.logMel.sampleRate != cache.settings().audioRate)
        throw Error(p.cacheDir, "the cache holds audio at " + std::to_string(cache.settings().audioRate)
                                    + " Hz but the audio encoder expects " + std::to_string(ac.logMel.sampleRate) + " Hz");
    const bool withFrames = cache.settings().withFrames;
    if (withFrames && cache.settings().embeddingDim != ac.embedDim)
        throw Error(p.cacheDir, "the cache's frame embeddings have " + std::to_string(cache.settings().embeddingDim)
                                    + " dimensions but the audio encoder embeds into " + std::to_string(ac.embedDim));

    if (!p.exportAlignmentDir.empty() && !(p.alignment && withFrames))
        throw Error(p.exportAlignmentDir, withFrames ? "exporting the alignment needs the alignment curves (alignment is off)"
                                                     : "the cache holds no frames (audio-only), so there is no alignment to export");
    const int64_t steps = 3 + (p.alignment && withFrames ? int64_t(cache.size()) : 0);
    int64_t done = 0;
    hooks.report({"eval", done, steps, "audio"});

    EvaluationEmbeddings e;
    e.audio = embedCachedAudio(encoder, cache, device, std::max(1, p.batchSize));
    if (withFrames) {
        e.imageScoring = p.clipImage;
        if (p.clipImage == ClipImage::Middle)
            e.images = middleFrameEmbeddings(cache);
        else
            e.clipFrames = clipFrameEmbeddings(cache);
        labels["clip_image"] = clipImageName(p.clipImage);
    }
    hooks.report({"eval", ++done, steps, "text"});

    EvaluationResult result;
    std::optional<ClipTextEmbedder> text;
    std::vector<std::string> captionTexts;  // per row of e.captions
    if (!p.clipDir.empty()) {
        text.emplace(p.clipDir, device);
        if (text->model()->config().projectionDim != ac.embedDim)
            throw Error(p.clipDir, "the image-text model embeds into " + std::to_string(text->model()->config().projectionDim)
                                       + " dimensions but the audio encoder into " + std::to_string(ac.embedDim));
        auto [texts, owner] = cacheCaptions(cache);
        if (!texts.empty()) {
            e.captions = text->embed(texts);
            e.captionClip = owner;
            captionTexts = texts;
        }
    }
    // Built once: the report and the per-query results (queries.jsonl) rank the same matrices.
    const std::vector<RetrievalDirection> rankedDirections = retrievalDirections(e);
    result.report = evaluateRetrieval(e, rankedDirections);
    result.report.labels = labels;

    if (text)
        result.zeroShot = classifyZeroShot(cache, e.audio, *text, p.promptTemplates);
    hooks.report({"eval", ++done, steps, "alignment"});

    std::error_code ec;
    fs::create_directories(p.outDir, ec);
    if (ec)
        throw Error(p.outDir, "cannot create the output folder: " + ec.message());

    for (size_t i = 0; i < cache.size(); ++i)
        result.clipIds.push_back(cache.record(i).id);

    // Alignment curves: where in the clip the audio agrees with what is seen.
    if (p.alignment && withFrames) {
        AlignmentFile alignment;
        alignment.segmentSeconds = segmentSeconds;
        std::string csv = "clip,frame,frame_seconds,audio_to_frame,segment_to_frame,argmax_frame\n";
        std::set<std::string> exportStems;
        for (size_t i = 0; i < cache.size(); ++i) {
            if (hooks.cancelled())
                throw Error(p.outDir, "evaluation cancelled");
            const auto clip = cache.load(i);
            const ClipAlignment a = computeClipAlignment(encoder, clip, segmentSeconds, device);
            const int best = a.argmaxFrame;
            const auto& a2f = a.audioToFrame;
            const auto& matrix = a.segmentToFrame;
            for (size_t l = 0; l < a2f.size(); ++l)
                csv += CsvReader::quoteField(clip.clip.id) + "," + std::to_string(l) + "," + formatNumber(clip.frameSeconds[l]) + ","
                       + formatNumber(a2f[l]) + "," + formatNumber(matrix[l][l]) + "," + std::to_string(best) + "\n";
            alignment.clips.push_back({clip.clip.id, clip.frameSeconds, a});
            if (!p.exportAlignmentDir.empty())
                exportClipAlignment(clip, a, cache.settings().audioRate, p.exportAlignmentDir, exportStems);
            hooks.report({"eval", ++done, steps, clip.clip.id});
        }
        writeFileAtomically(p.outDir / "alignment.json", alignment.toJson());
        writeFileAtomically(p.outDir / "alignment.csv", csv);
        std::vector<ClipRecord> records;
        for (size_t i = 0; i < cache.size(); ++i)
            records.push_back(cache.record(i));
        result.alignmentSummary = AlignmentSummary::compute(alignment, sourceFramesByClip(records));
        writeFileAtomically(p.outDir / "alignment_summary.json", result.alignmentSummary->toJson());
    }

    auto json = nlohmann::ordered_json::parse(result.report.toJson());
    // An audio-only cache without captions (ESC-50, UrbanSound8K) has no retrieval direction: no empty table.
    const auto& directions = RetrievalReport::directionOrder();
    const bool anyDirection = std::any_of(directions.begin(), directions.end(),
                                          [&](const std::string& d) { return result.report.has(d); });
    std::string markdown = anyDirection ? result.report.toMarkdown() : std::string();
    if (result.zeroShot) {
        json["zero_shot"] = result.zeroShot->toJson();
        json["zero_shot"]["prompts"] = p.promptTemplates;
        markdown += result.zeroShot->toMarkdown();
        writeFileAtomically(p.outDir / "zero_shot.csv", zeroShotClipsCsv(cache, *result.zeroShot));
        writeFileAtomically(p.outDir / "zero_shot_confusion.csv", result.zeroShot->confusionCsv());
    }
    result.reportJson = json.dump(2) + "\n";
    std::string ids, files;
    for (size_t i = 0; i < cache.size(); ++i) {
        ids += cache.record(i).id + "\n";
        files += cache.record(i).mediaPath + "\n";
    }
    writeFileAtomically(p.outDir / "clips.txt", ids);
    writeFileAtomically(p.outDir / "files.txt", files);
    // Per query: the rank of its first relevant item and its best items (the retrieval browser).
    result.queries = retrievalQueries(rankedDirections, {result.clipIds, captionTexts, e.captionClip}, p.queryTopK);
    writeFileAtomically(p.outDir / "queries.jsonl", result.queries.toJsonLines());
    writeFileAtomically(p.outDir / "report.md", markdown);
    writeFileAtomically(p.outDir / "report.json", result.reportJson);
    hooks.report({"eval", steps, steps, "done"});
    return result;
}

} // namespace soundframe
