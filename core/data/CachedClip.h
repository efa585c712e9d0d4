#pragma once
// CachedClip: everything training needs of one clip, as `prepare` stored it.
//
//   CachedClip c = cache.load(i);
//   c.frameEmbeddings;   // [L, D] float32: g(frame l), projected, unnormalised (empty: audio-only cache)
//   c.frameSeconds;      // L times, seconds into the media file (ClipTimeline's frame times)
//   c.audio;             // [T] float32 mono waveform of the clip window at the cache's audio rate
#include "ClipRecord.h"

#include <torch/types.h>

#include <vector>

namespace soundframe {

struct CachedClip {
    ClipRecord clip;
    std::vector<double> frameSeconds;
    torch::Tensor frameEmbeddings;
    torch::Tensor audio;
};

} // namespace soundframe
