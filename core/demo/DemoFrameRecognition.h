#pragma once
// DemoFrameRecognition: how well the image-text tower names what a demo video frame shows — the
// ceiling of everything that pivots through images (zero-shot text->audio after stage 1, and which
// frame Nearest Match can find).
//
//   FrameRecognition r = DemoFrameRecognition::measure(testCache, textEmbedder);
//   r.accuracy;   // percent of frames showing one source whose best class name is that source's
//
// Frames: every cached frame on which exactly one source of the clip is visible (the world's
// events, SoundEvent::visibleFrames). Classes: every label visible on some frame of the cache; a
// class's text is its name, one of the captions the stand-in was trained with. Chance: 100 / classes.
#include "data/FrameCacheReader.h"
#include "model/ClipTextEmbedder.h"

#include <cstdint>

namespace soundframe {

struct FrameRecognition {
    double accuracy = 0;   // percent
    int64_t frames = 0;    // frames scored
    int64_t classes = 0;   // candidate class names
};

class DemoFrameRecognition {
public:
    static FrameRecognition measure(const FrameCacheReader& cache, const ClipTextEmbedder& text);
};

} // namespace soundframe
