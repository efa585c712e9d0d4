#pragma once
// Evaluator: the whole evaluation of a trained audio encoder on a prepared test cache — retrieval
// in four directions, zero-shot classification from label prompts, and per-clip alignment curves.
//
//   EvaluatorParams p;
//   p.cacheDir = "data/test-cache";          // FrameCacheReader folder
//   p.modelDir = "runs/stage1";              // a run folder (uses RUN/audio-encoder) or an encoder folder
//   p.clipDir = "models/clip";               // optional: text tower + tokenizer (text directions, zero-shot)
//   p.outDir = "runs/stage1/eval-test";
//   EvaluationResult r = Evaluator(p).run(hooks);
//   std::cout << r.report.toMarkdown();
//
// Writes, each file atomically:
//   OUT/report.json     RetrievalReport JSON (labels "run", "stage", "matching" when known) plus
//                       "zero_shot": ZeroShotClassification::toJson() (top1, top5, classes, clips; per
//                       fold, fold_mean and fold_std when clips carry folds; confusion) and "prompts"
//   OUT/report.md       the same as Markdown tables (zero-shot: per-fold table, confusion)
//   OUT/clips.txt       the ids of the clips evaluated, one per line, in cache order
//   OUT/files.txt       their media files, one per line, in the same order (the exact file list)
//   OUT/zero_shot.csv   clip,path,fold,label,predicted,top1,top5: one row per clip scored zero-shot
//   OUT/zero_shot_confusion.csv  the class x class confusion counts
//   OUT/queries.jsonl   RetrievalQueries: one line per retrieval query of every direction — the query
//                       (clip id, or caption text + its clip id), the rank of its first relevant item
//                       (R@k = percent of a direction's lines with rank <= k, medR their median), the
//                       relevant items, and the `queryTopK` best items with their cosine scores
//   OUT/alignment.json  per clip: frame_seconds, audio_to_frame [L] (cosine of f(whole clip) with
//                       every frame), segment_to_frame [L][L] (segment l against frame m), argmax_frame
//   OUT/alignment_summary.json  AlignmentSummary over all clips: mean peak-to-mean contrast and
//                       spread of the audio_to_frame curves, share of flat curves, and — when the
//                       clips' events say which frames show a source — the argmax frame's accuracy
//                       against the base rate of a uniform draw ("ground_truth", else null)
//   OUT/alignment.csv   clip,frame,frame_seconds,audio_to_frame,segment_to_frame,argmax_frame; one row
//                       per clip and frame, segment_to_frame being the diagonal (segment l vs frame l)
//   EXPORT/...          with `exportAlignmentDir` set: per clip, its alignment for Audacity and Sonic
//                       Visualiser (AlignmentExport: STEM.labels.txt, .cosine.csv, .frames.csv,
//                       .pick.csv) and STEM.wav, the clip's audio as the model heard it (float32 at the
//                       cache's rate; time 0 = the clip's start, as in the other files). STEM is
//                       AlignmentExport::fileStem(clip id), with "-2", "-3", ... when two ids map to one.
// Audio is embedded as f(whole clip); a clip's image is its middle frame, its frames' mean or its best
// frame (`clipImage`, named in the report's label "clip_image"); captions and prompts go
// through the CLIP text tower. Segments are AudioEncoder::forwardSegments over ClipTimeline
// segments of `segmentSeconds` (as multiframe training cuts them). Zero-shot: the classes are the
// distinct labels of the cache (sorted); a class embedding is the mean of its prompts' unit text
// embeddings, renormalised (CLIP's prompt ensembling); a clip counts as correct at k when any of its
// labels is among the k most similar classes; clips' folds (ClipRecord::fold) give per-fold figures,
// each fold scored against the whole class set (ZeroShotClassification).
// Runs on the calling thread; Error names the file at fault.
#include "AlignmentSummary.h"
#include "ClipImage.h"
#include "RetrievalQueries.h"
#include "RetrievalReport.h"
#include "ZeroShotClassification.h"
#include "base/JobHooks.h"

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace soundframe {

struct EvaluatorParams {
    std::filesystem::path cacheDir;       // prepared test cache
    std::filesystem::path modelDir;       // run folder (with audio-encoder/) or audio encoder folder
    std::filesystem::path clipDir;        // image-text model folder; empty: audio<->image only
    std::filesystem::path outDir;         // created if missing
    std::vector<std::string> promptTemplates{"the sound of a {}"};  // "{}" is replaced by the label
    double segmentSeconds = 0;            // alignment segment length; <= 0: the run's, else 1 s
    std::string device = "cpu";           // "cpu", "cuda", "cuda:N" or "auto"
    int batchSize = 32;                   // clips per forward pass
    bool alignment = true;                // write the alignment curves
    std::filesystem::path exportAlignmentDir;  // non-empty: per-clip Audacity / Sonic Visualiser files here
    ClipImage clipImage = ClipImage::Middle;  // a clip's image in audio<->image retrieval (ClipImage.h)
    int64_t queryTopK = 10;               // best items kept per query in queries.jsonl
    std::map<std::string, std::string> labels;  // extra report labels; run/stage/matching filled when known
};

struct EvaluationResult {
    RetrievalReport report;
    std::optional<ZeroShotClassification> zeroShot;  // with a CLIP folder and labelled clips
    std::vector<std::string> clipIds;
    RetrievalQueries queries;                  // what OUT/queries.jsonl holds
    std::optional<AlignmentSummary> alignmentSummary;  // what OUT/alignment_summary.json holds; none without alignment
    std::string reportJson;                    // the text of OUT/report.json
};

class Evaluator {
public:
    explicit Evaluator(EvaluatorParams params);
    EvaluationResult run(const JobHooks& hooks = {});

    // "the sound of a {}" with "dog" -> "the sound of a dog" (every "{}"; appended when absent).
    static std::string fillPrompt(const std::string& pattern, const std::string& label);
    // Prompt templates from a text file, one per line ('{}' = the label); blank lines are skipped and
    // line ends (LF or CRLF) and surrounding spaces dropped. Throws Error(file, ...) when the file
    // cannot be read, is not UTF-8, or holds no template.
    static std::vector<std::string> readPromptTemplates(const std::filesystem::path& file);

private:
    EvaluatorParams m_params;
};

} // namespace soundframe
