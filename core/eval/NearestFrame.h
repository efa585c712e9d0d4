#pragma once
// nearestFrame: Nearest Match's plain choice for one clip, l* = argmax_l cos(f(a), g(i_l)) — the
// frame whose embedding is most similar to the clip's audio embedding (docs/method.md). The one
// definition the app's alignment view (ClipAlignment) and a run's watched held-out clips
// (train/WatchedClips) share.
//
//   int64_t l = nearestFrame(audioEmbedding, clip.frameEmbeddings);   // [D] and [L, D]
//
// Neither input needs to be unit length (cosines are taken here); ties go to the lower index.
// Error when the sizes do not fit or the clip has no frames.
#include <torch/types.h>

#include <cstdint>

namespace soundframe {

int64_t nearestFrame(const torch::Tensor& audio, const torch::Tensor& frames);

} // namespace soundframe
