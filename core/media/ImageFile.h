#pragma once
// Still images in and out: any format FFmpeg decodes (PNG, JPEG, WebP, BMP, TIFF, ...) to
// RgbImage, and RgbImage to PNG.
//
//   RgbImage photo = readImageFile("cow.webp");      // throws Error naming the file
//   writePng(photo, "out/cow.png");                   // atomic: temp file + rename
//
// readImageFile decodes the first frame of the first video stream, converts it to 8-bit RGB
// (BT.601 for YUV images that do not say otherwise, e.g. JPEG) and composites any alpha
// channel over white: fully transparent pixels become (255,255,255), whatever colour they
// store. (PIL's convert("RGB"), used by CLIP's preprocessing, keeps the stored colour
// instead; the two agree on opaque images.) Thread-safe: no shared state.
#include "RgbImage.h"

#include <filesystem>
#include <string>

namespace soundframe {

RgbImage readImageFile(const std::filesystem::path& path);

// PNG bytes for `image` (FFmpeg's PNG encoder, RGB 8-bit, no alpha).
std::string encodePng(const RgbImage& image);
// Writes encodePng(image) to `path` atomically. Throws Error naming `path`.
void writePng(const RgbImage& image, const std::filesystem::path& path);

} // namespace soundframe
