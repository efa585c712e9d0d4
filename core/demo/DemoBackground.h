#pragma once
// DemoBackground: the scene behind a clip's pictures — plain, a vertical gradient, or grain.
//
//   DemoRandom random(seed);
//   DemoBackground bg = DemoBackground::draw(random);   // the look, drawn once per clip
//   RgbImage frame = bg.paint(128, random);              // a 128 x 128 frame of it
//
// Colours are greys with a slight tint (low saturation), so pictures stand out and keep their
// own colours. The empty scene of the demo world is just this.
#include "demo/DemoRandom.h"
#include "media/RgbImage.h"

#include <cstdint>

namespace soundframe {

struct DemoBackground {
    int kind = 0;                         // 0 plain, 1 vertical gradient from a to b, 2 grain
    uint8_t a[3] = {128, 128, 128};       // top (or only) colour
    uint8_t b[3] = {128, 128, 128};       // bottom colour of a gradient
    double grain = 0;                     // standard deviation of the grain, 0..255 scale

    static DemoBackground draw(DemoRandom& random);
    // A size x size image; grain draws from `random`.
    RgbImage paint(int size, DemoRandom& random) const;
};

} // namespace soundframe
