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
//                       "zero_shot": {"top1", "top5" (percent), "classes", "clips", "prompts"}
//   OUT/report.md       the same as Markdown tables
//   OUT/clips.txt       the ids of the clips evaluated, one per line, in cache order
//   OUT/queries.jsonl   RetrievalQueries: one line per retrieval query of every direction — the query
//                       (clip id, or caption text + its clip id), the rank of its first relevant item
//                       (R@k = percent of a direction's lines with rank <= k, medR their median), the
//                       relevant items, and the `queryTopK` best items with their cosine scores
//   OUT/alignment.json  per clip: frame_seconds, audio_to_frame [L] (cosine of f(whole clip) with
//                       every frame), segment_to_frame [L][L] (segment l against frame m), argmax_frame
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
// distinct labels of the cache; a class embedding is the mean of its normalised prompt embeddings;
// a clip counts as correct at k when any of its labels is among the k most similar classes.
// Runs on the calling thread; Error names the file at fault.
#include "ClipImage.h"
#include "RetrievalQueries.h"
#include "RetrievalReport.h"
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

struct ZeroShotAccuracy {
    double top1 = 0;        // percent of labelled clips whose best class is one of their labels
    double top5 = 0;        // percent with one of their labels among the 5 best classes
    int64_t clips = 0;      // labelled clips scored
    int64_t classes = 0;
};

struct EvaluationResult {
    RetrievalReport report;
    std::optional<ZeroShotAccuracy> zeroShot;  // with a CLIP folder and labelled clips
    std::vector<std::string> clipIds;
    RetrievalQueries queries;                  // what OUT/queries.jsonl holds
    std::string reportJson;                    // the text of OUT/report.json
};

class Evaluator {
public:
    explicit Evaluator(EvaluatorParams params);
    EvaluationResult run(const JobHooks& hooks = {});

    // Zero-shot scoring from embeddings: audio [N, D], classes [C, D]; clipClasses[i] lists the
    // class rows clip i belongs to (clips with none are skipped).
    static ZeroShotAccuracy zeroShotAccuracy(const torch::Tensor& audio, const torch::Tensor& classes,
                                             const std::vector<std::vector<int64_t>>& clipClasses);
    // "the sound of a {}" with "dog" -> "the sound of a dog" (every "{}"; appended when absent).
    static std::string fillPrompt(const std::string& pattern, const std::string& label);

private:
    EvaluatorParams m_params;
};

} // namespace soundframe
