#pragma once
// RgbImage: 8-bit RGB pixels, row-major, no padding: pixel (x, y) channel c is at
// pixels[(y * width + x) * 3 + c]. The currency between frame decoding, image files,
// CLIP preprocessing and the app.
#include <cstdint>
#include <vector>

namespace soundframe {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height * 3 bytes

    bool empty() const { return width <= 0 || height <= 0; }
};

} // namespace soundframe
