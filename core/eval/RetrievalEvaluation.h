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
#include "RetrievalReport.h"

#include <torch/types.h>

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

RetrievalReport evaluateRetrieval(const EvaluationEmbeddings& embeddings);
// Row-normalised a @ b^T.
torch::Tensor cosineSimilarity(const torch::Tensor& a, const torch::Tensor& b);
// Audio [Na, D] against each clip's image under `e.imageScoring`: [Na, Na]; undefined when the
// embeddings it needs are missing.
torch::Tensor audioImageSimilarity(const EvaluationEmbeddings& e);

} // namespace soundframe
