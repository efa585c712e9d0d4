#pragma once
// evaluateRetrieval: the four directions of the protocol from one set of embeddings.
//
//   EvaluationEmbeddings e;
//   e.audio = embedCachedAudio(f, test, device);          // [Na, D]
//   e.images = middleFrameEmbeddings(test);               // [Na, D]  (optional)
//   e.imageScoring = ClipImage::Middle;                   // or Mean / Best (then e.clipFrames)
//   e.captions = textEmbedder.embed(texts);               // [Nt, D]  (optional)
//   e.captionClip = owner;                                // Nt: the clip each caption describes
//   RetrievalReport r = evaluateRetrieval(e);
//
// Cosine similarity in the joint space. text->audio: each caption against all clips, its clip
// relevant; audio->text: each clip against all captions, any of its captions relevant;
// audio->image and image->audio: each clip against the evaluation images of all clips, its own
// relevant; the image of a clip is `images` (Middle), the mean of its normalised `clipFrames` (Mean),
// or its `clipFrames` scored by their best cosine (Best). Directions whose embeddings are missing
// are left out of the report.
#include "ClipImage.h"
#include "RetrievalQueries.h"
#include "RetrievalReport.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace soundframe {

struct EvaluationEmbeddings {
    torch::Tensor audio;               // [Na, D], required
    torch::Tensor images;              // [Na, D] or undefined: Middle's image per clip
    std::vector<torch::Tensor> clipFrames;  // Na x [L, D] or empty: every frame (Mean, Best)
    ClipImage imageScoring = ClipImage::Middle;
    torch::Tensor captions;            // [Nt, D] or undefined
    std::vector<int64_t> captionClip;  // Nt entries in [0, Na)
};

// One direction of the protocol as evaluateRetrieval scores it: query rows against a gallery.
struct RetrievalDirection {
    enum class Side { Clip, Caption };  // what a query row or gallery column stands for
    std::string name;                   // "text_to_audio", "audio_to_text", "audio_to_image", "image_to_audio"
    torch::Tensor similarity;           // [queries, gallery] cosine
    std::vector<std::vector<int64_t>> relevant;  // per query row, its relevant gallery columns
    std::vector<int64_t> queryIndex;    // per query row, its clip or caption index (audio->text skips
                                        // clips without captions)
    Side query = Side::Clip;
    Side gallery = Side::Clip;          // a gallery column is a clip index or a caption index
};

RetrievalReport evaluateRetrieval(const EvaluationEmbeddings& embeddings);
// The same over directions already built (Evaluator keeps them for the per-query results).
RetrievalReport evaluateRetrieval(const EvaluationEmbeddings& embeddings, const std::vector<RetrievalDirection>& directions);
// The directions evaluateRetrieval scores, in its order (audio<->image, then the text directions);
// those whose embeddings are missing are left out.
std::vector<RetrievalDirection> retrievalDirections(const EvaluationEmbeddings& embeddings);

// What the rows and columns of a RetrievalDirection stand for: clip ids and captions by index.
struct RetrievalNames {
    std::vector<std::string> clipIds;      // per clip index
    std::vector<std::string> captions;     // per caption index
    std::vector<int64_t> captionClip;      // per caption index, its clip index
};
// Every query of `directions` with the rank of its first relevant item (RetrievalMetrics' tie rule)
// and its `topK` best items: Evaluator's queries.jsonl. Error when an index has no name.
RetrievalQueries retrievalQueries(const std::vector<RetrievalDirection>& directions, const RetrievalNames& names,
                                  int64_t topK);
// Row-normalised a @ b^T.
torch::Tensor cosineSimilarity(const torch::Tensor& a, const torch::Tensor& b);
// Audio [Na, D] against each clip's image under `e.imageScoring`: [Na, Na]; undefined when the
// embeddings it needs are missing.
torch::Tensor audioImageSimilarity(const EvaluationEmbeddings& e);

} // namespace soundframe
