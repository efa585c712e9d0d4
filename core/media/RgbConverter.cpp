#include "RgbConverter.h"

#include "base/Error.h"

#include <cstring>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace soundframe {

namespace {
int swsColorspace(AVColorSpace space)
{
    switch (space) {
    case AVCOL_SPC_BT709: return SWS_CS_ITU709;
    case AVCOL_SPC_FCC: return SWS_CS_FCC;
    case AVCOL_SPC_SMPTE240M: return SWS_CS_SMPTE240M;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return SWS_CS_BT2020;
    default: return SWS_CS_DEFAULT;  // BT.601, as swscale assumes for unspecified input
    }
}

// The deprecated yuvj* formats mean "full range"; swscale wants the plain format plus a flag.
AVPixelFormat withoutJpegRange(AVPixelFormat format, bool& fullRange)
{
    switch (format) {
    case AV_PIX_FMT_YUVJ420P: fullRange = true; return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: fullRange = true; return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: fullRange = true; return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: fullRange = true; return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P: fullRange = true; return AV_PIX_FMT_YUV411P;
    default: return format;
    }
}
} // namespace

RgbConverter::~RgbConverter()
{
    sws_freeContext(m_sws);
}

RgbImage RgbConverter::convert(const AVFrame& frame)
{
    const auto source = AVPixelFormat(frame.format);
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(source);
    if (!desc || frame.width <= 0 || frame.height <= 0)
        throw Error("decoded frame has no usable pixel format");
    const bool alpha = (desc->flags & AV_PIX_FMT_FLAG_ALPHA) != 0;
    if (!m_sws || frame.width != m_width || frame.height != m_height || frame.format != m_format
        || frame.colorspace != m_colorspace || frame.color_range != m_range) {
        sws_freeContext(m_sws);
        m_sws = nullptr;
        bool fullRange = frame.color_range == AVCOL_RANGE_JPEG;
        const AVPixelFormat input = withoutJpegRange(source, fullRange);
        // SWS_BICUBIC is what the ffmpeg CLI passes to its automatic converters; with equal
        // sizes it only selects the same conversion code path, hence the same rounding.
        m_sws = sws_getContext(frame.width, frame.height, input, frame.width, frame.height,
                               alpha ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24, SWS_BICUBIC, nullptr,
                               nullptr, nullptr);
        if (!m_sws)
            throw Error(std::string("cannot convert pixel format ") + desc->name + " to RGB");
        const bool rgbInput = (desc->flags & AV_PIX_FMT_FLAG_RGB) != 0;
        if (!rgbInput) {
            const int* coefficients = sws_getCoefficients(swsColorspace(frame.colorspace));
            sws_setColorspaceDetails(m_sws, coefficients, fullRange ? 1 : 0,
                                     sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
        }
        m_width = frame.width;
        m_height = frame.height;
        m_format = frame.format;
        m_colorspace = frame.colorspace;
        m_range = frame.color_range;
        m_alpha = alpha;
    }

    // swscale's SIMD writers may run past the end of a row, so it writes into rows padded
    // to 64 bytes (plus a spare row), which are then packed.
    const int channels = m_alpha ? 4 : 3;
    const int rowBytes = frame.width * channels;
    const int stride = (rowBytes + 63) & ~63;
    m_buffer.resize(size_t(stride) * (frame.height + 1) + 64);
    uint8_t* dst[4] = {m_buffer.data(), nullptr, nullptr, nullptr};
    int dstStride[4] = {stride, 0, 0, 0};
    sws_scale(m_sws, frame.data, frame.linesize, 0, frame.height, dst, dstStride);

    RgbImage image;
    image.width = frame.width;
    image.height = frame.height;
    image.pixels.resize(size_t(frame.width) * frame.height * 3);
    for (int y = 0; y < frame.height; ++y) {
        const uint8_t* row = m_buffer.data() + size_t(y) * stride;
        uint8_t* out = image.pixels.data() + size_t(y) * frame.width * 3;
        if (!m_alpha) {
            std::memcpy(out, row, size_t(rowBytes));
            continue;
        }
        // Over white: transparent regions of sprites and logos read as a plain background.
        for (int x = 0; x < frame.width; ++x) {
            const unsigned a = row[x * 4 + 3];
            for (int c = 0; c < 3; ++c)
                out[x * 3 + c] = uint8_t((row[x * 4 + c] * a + 255u * (255u - a) + 127u) / 255u);
        }
    }
    return image;
}

} // namespace soundframe
