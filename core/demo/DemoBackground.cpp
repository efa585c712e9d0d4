#include "DemoBackground.h"

#include <algorithm>

namespace soundframe {

DemoBackground DemoBackground::draw(DemoRandom& random)
{
    DemoBackground bg;
    bg.kind = random.below(3);
    for (uint8_t* colour : {bg.a, bg.b}) {
        const double grey = random.uniform(40, 215);
        for (int c = 0; c < 3; ++c)
            colour[c] = uint8_t(std::clamp(grey + random.uniform(-18, 18), 0.0, 255.0));
    }
    bg.grain = bg.kind == 2 ? random.uniform(6, 20) : 0;
    return bg;
}

RgbImage DemoBackground::paint(int size, DemoRandom& random) const
{
    RgbImage image;
    image.width = image.height = size;
    image.pixels.resize(size_t(size) * size * 3);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double t = kind == 1 ? double(y) / std::max(1, size - 1) : 0.0;
            const double noise = grain > 0 ? grain * random.gauss() : 0.0;
            for (int c = 0; c < 3; ++c)
                image.pixels[(size_t(y) * size + x) * 3 + c]
                    = uint8_t(std::clamp(a[c] * (1 - t) + b[c] * t + noise, 0.0, 255.0));
        }
    return image;
}

} // namespace soundframe
