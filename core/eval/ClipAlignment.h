#pragma once
// ClipAlignment: where in one clip the audio agrees with what is seen — one clip's entry of
// Evaluator's alignment.json, computed on demand (the app's alignment view).
//
//   AudioEncoder f = loadAudioEncoder("run/audio-encoder", torch::kCPU);
//   ClipAlignment a = computeClipAlignment(f, cache.load(i), /*segmentSeconds=*/1.0, torch::kCPU);
//   a.audioToFrame[l];          // cos(f(whole clip), g(frame l))
//   a.segmentToFrame[l][m];     // cos(f(segment l), g(frame m)); segment l is centred on frame l
//   a.argmaxFrame;              // the frame Nearest Match picks
//
// f(whole clip) goes through AudioFrontEnd (cut or padded to the encoder's clip length); segments
// are AudioEncoder::forwardSegments over ClipTimeline segments of `segmentSeconds` (<= 0: 1 s), as
// multiframe training cuts them. No gradient; the encoder's train/eval mode is restored. The clip
// must hold frame embeddings of the encoder's size (else Error). Runs on the calling thread.
#include "data/CachedClip.h"
#include "model/AudioEncoder.h"

#include <vector>

namespace soundframe {

struct ClipAlignment {
    std::vector<double> audioToFrame;                 // [L] cosine of the whole clip with each frame
    std::vector<std::vector<double>> segmentToFrame;  // [L][L] segment l against frame m
    int argmaxFrame = -1;                             // index of the largest audioToFrame
};

ClipAlignment computeClipAlignment(AudioEncoder& encoder, const CachedClip& clip, double segmentSeconds,
                                   const torch::Device& device);

} // namespace soundframe
