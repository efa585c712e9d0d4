#include "ImageResize.h"

#include "base/Error.h"

#include <cstring>
#include <memory>
#include <vector>

extern "C" {
#include <libswscale/swscale.h>
}

namespace soundframe {

namespace {
// margin / 2 rounded half to even: ffmpeg crop's lrint() and Python's round() in torchvision.
int centredOffset(int margin)
{
    const int half = margin / 2;
    return margin % 2 == 0 || half % 2 == 0 ? half : half + 1;
}
} // namespace

void shorterSideSize(int width, int height, int size, int& outWidth, int& outHeight)
{
    if (width <= height) {
        outWidth = size;
        outHeight = int((int64_t(height) * size) / width);
    } else {
        outHeight = size;
        outWidth = int((int64_t(width) * size) / height);
    }
}

RgbImage resizeShorterSideAndCentreCrop(const RgbImage& image, int size)
{
    if (size <= 0)
        throw Error("resize: target size must be positive, got " + std::to_string(size));
    if (image.empty() || image.pixels.size() != size_t(image.width) * image.height * 3)
        throw Error("resize: empty or inconsistent image");
    if (image.width == size && image.height == size)
        return image;

    int scaledWidth = 0, scaledHeight = 0;
    shorterSideSize(image.width, image.height, size, scaledWidth, scaledHeight);
    RgbImage scaled;
    if (scaledWidth == image.width && scaledHeight == image.height) {
        scaled = image;
    } else {
        std::unique_ptr<SwsContext, void (*)(SwsContext*)> sws(
            sws_getContext(image.width, image.height, AV_PIX_FMT_RGB24, scaledWidth, scaledHeight,
                           AV_PIX_FMT_RGB24, SWS_BICUBIC, nullptr, nullptr, nullptr),
            sws_freeContext);
        if (!sws)
            throw Error("resize: swscale cannot scale " + std::to_string(image.width) + "x"
                        + std::to_string(image.height) + " to " + std::to_string(scaledWidth) + "x"
                        + std::to_string(scaledHeight));
        // swscale's SIMD code may read and write a little past a row's end: padded copies.
        const int srcStride = (image.width * 3 + 63) & ~63;
        std::vector<uint8_t> input(size_t(srcStride) * (image.height + 1) + 64);
        for (int y = 0; y < image.height; ++y)
            std::memcpy(&input[size_t(y) * srcStride], &image.pixels[size_t(y) * image.width * 3],
                        size_t(image.width) * 3);
        const int dstStride = (scaledWidth * 3 + 63) & ~63;
        std::vector<uint8_t> output(size_t(dstStride) * (scaledHeight + 1) + 64);
        const uint8_t* src[4] = {input.data(), nullptr, nullptr, nullptr};
        const int srcStrides[4] = {srcStride, 0, 0, 0};
        uint8_t* dst[4] = {output.data(), nullptr, nullptr, nullptr};
        const int dstStrides[4] = {dstStride, 0, 0, 0};
        sws_scale(sws.get(), src, srcStrides, 0, image.height, dst, dstStrides);
        scaled.width = scaledWidth;
        scaled.height = scaledHeight;
        scaled.pixels.resize(size_t(scaledWidth) * scaledHeight * 3);
        for (int y = 0; y < scaledHeight; ++y)
            std::memcpy(&scaled.pixels[size_t(y) * scaledWidth * 3], &output[size_t(y) * dstStride],
                        size_t(scaledWidth) * 3);
    }

    const int left = centredOffset(scaled.width - size);
    const int top = centredOffset(scaled.height - size);
    RgbImage square;
    square.width = size;
    square.height = size;
    square.pixels.resize(size_t(size) * size * 3);
    for (int y = 0; y < size; ++y)
        std::memcpy(&square.pixels[size_t(y) * size * 3],
                    &scaled.pixels[(size_t(top + y) * scaled.width + left) * 3], size_t(size) * 3);
    return square;
}

} // namespace soundframe
