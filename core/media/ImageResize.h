#pragma once
// Resizing for image encoders: shorter side to `size`, then the centred size x size square.
//
//   RgbImage square = resizeShorterSideAndCentreCrop(frame, 224);   // 640x360 -> 224x224
//
// The resize is swscale's SWS_BICUBIC (its default B=0, C=0.6 kernel, widened when
// shrinking so it averages rather than aliases), i.e. exactly what
//   ffmpeg -i in.png -vf scale=W:H:flags=bicubic,crop=S:S -pix_fmt rgb24 ...
// does for an RGB input, where the shorter side becomes S and the longer side
// W or H = floor(longer * S / shorter) (torchvision's Resize(S) rounding), and the crop
// starts at (W - S) / 2, (H - S) / 2 rounded half to even (ffmpeg crop's default position,
// which is also torchvision CenterCrop's: 31.5 -> 32, 70.5 -> 70).
// It approximates CLIP's PIL bicubic preprocessing (a = -0.5 kernel), not bit for bit.
// An image already size x size is returned unchanged. Throws Error for size <= 0 or an
// empty image. Thread-safe (no shared state).
#include "RgbImage.h"

namespace soundframe {

RgbImage resizeShorterSideAndCentreCrop(const RgbImage& image, int size);

// The intermediate size: shorter side `size`, longer side floor(longer * size / shorter).
void shorterSideSize(int width, int height, int size, int& outWidth, int& outHeight);

} // namespace soundframe
