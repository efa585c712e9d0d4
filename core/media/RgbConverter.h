#pragma once
// RgbConverter: decoded FFmpeg frames (any pixel format) to RgbImage, same size.
//
//   RgbConverter converter;
//   RgbImage rgb = converter.convert(*frame);   // frame from avcodec_receive_frame
//
// Colour conversion is swscale's with the frame's own matrix and range (BT.601 when the
// frame does not say), the same choices the ffmpeg CLI makes for `-pix_fmt rgb24`, so the
// pixels agree with `ffmpeg ... -f rawvideo -pix_fmt rgb24` up to rounding. Frames with an
// alpha channel are composited over white. The swscale context is cached between calls
// with the same input size and format. Not thread-safe; one instance per thread.
#include "RgbImage.h"

struct AVFrame;
struct SwsContext;

namespace soundframe {

class RgbConverter {
public:
    RgbConverter() = default;
    ~RgbConverter();
    RgbConverter(const RgbConverter&) = delete;
    RgbConverter& operator=(const RgbConverter&) = delete;

    // Throws Error (without a file name; callers add theirs) for formats swscale cannot read.
    RgbImage convert(const AVFrame& frame);

private:
    SwsContext* m_sws = nullptr;
    int m_width = 0;
    int m_height = 0;
    int m_format = -1;
    int m_colorspace = -1;
    int m_range = -1;
    bool m_alpha = false;
    std::vector<uint8_t> m_buffer;  // padded rows swscale writes into
};

} // namespace soundframe
