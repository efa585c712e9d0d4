#pragma once
// ImageEmbedder: what `prepare` needs of a frozen image tower g.
//
//   ClipImageEmbedder g(ClipModel::load(dir, device));        // or any other implementation
//   std::vector<RgbImage> frames = reader.framesAt(times, g.inputSize());
//   torch::Tensor e = g.embed(frames);                         // [N, embeddingDim()] float32, CPU
//
// Frames arrive already resized (shorter side) and centre-cropped to inputSize() x inputSize();
// the embedder only normalises and runs the tower. embed() is called from one thread at a time.
#include "media/RgbImage.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace soundframe {

class ImageEmbedder {
public:
    virtual ~ImageEmbedder() = default;
    // Square side, in pixels, of the frames embed() expects.
    virtual int inputSize() const = 0;
    virtual int embeddingDim() const = 0;
    // Names the tower and its weights, e.g. "clip:/models/clip-b32 sha256:…"; recorded in caches so
    // embeddings from different towers are never mixed.
    virtual std::string identity() const = 0;
    // Projected, unnormalised embeddings [frames.size(), embeddingDim()] on the CPU.
    virtual torch::Tensor embed(const std::vector<RgbImage>& frames) = 0;
};

} // namespace soundframe
