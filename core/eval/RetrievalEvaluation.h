#pragma once
// evaluateRetrieval: the four directions of the protocol from one set of embeddings.
//
//   EvaluationEmbeddings e;
//   e.audio = embedCachedAudio(f, test, device);          // [Na, D]
//   e.images = middleFrameEmbeddings(test);               // [Na, D]  (optional)
//   e.captions = textEmbedder.embed(texts);               // [Nt, D]  (optional)
//   e.captionClip = owner;                                // Nt: the clip each caption describes
//   RetrievalReport r = evaluateRetrieval(e);
//
// Cosine similarity in the joint space. text->audio: each caption against all clips, its clip
// relevant; audio->text: each clip against all captions, any of its captions relevant;
// audio->image and image->audio: each clip against the evaluation frames of all clips, its own
// relevant. Directions whose embeddings are missing are left out of the report.
#include "RetrievalReport.h"

#include <torch/types.h>

#include <vector>

namespace soundframe {

struct EvaluationEmbeddings {
    torch::Tensor audio;               // [Na, D], required
    torch::Tensor images;              // [Na, D] or undefined
    torch::Tensor captions;            // [Nt, D] or undefined
    std::vector<int64_t> captionClip;  // Nt entries in [0, Na)
};

RetrievalReport evaluateRetrieval(const EvaluationEmbeddings& embeddings);
// Row-normalised a @ b^T.
torch::Tensor cosineSimilarity(const torch::Tensor& a, const torch::Tensor& b);

} // namespace soundframe
