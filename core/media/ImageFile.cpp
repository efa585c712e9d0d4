#include "ImageFile.h"

#include "FfmpegPointers.h"
#include "MediaInput.h"
#include "RgbConverter.h"
#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/imgutils.h>
}

namespace soundframe {

RgbImage readImageFile(const std::filesystem::path& path)
{
    MediaInput input(path);
    const int index = input.bestStream(AVMEDIA_TYPE_VIDEO);
    if (index < 0)
        throw Error(path, "not an image (no picture stream)");
    const AVCodecParameters* par = input.format()->streams[index]->codecpar;
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    if (!codec)
        throw Error(path, std::string("no decoder for ") + avcodec_get_name(par->codec_id));
    CodecPtr decoder(avcodec_alloc_context3(codec));
    if (!decoder || avcodec_parameters_to_context(decoder.get(), par) < 0)
        throw Error(path, "cannot set up the image decoder");
    decoder->thread_count = 1;
    if (const int opened = avcodec_open2(decoder.get(), codec, nullptr); opened < 0)
        throw Error(path, "cannot open the image decoder: " + ffmpegErrorText(opened));

    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    bool draining = false;
    while (true) {
        const int received = avcodec_receive_frame(decoder.get(), frame.get());
        if (received == 0)
            break;
        if (received == AVERROR_EOF)
            throw Error(path, "no picture could be decoded");
        if (received != AVERROR(EAGAIN))
            throw Error(path, "cannot decode the picture: " + ffmpegErrorText(received));
        if (draining)
            throw Error(path, "no picture could be decoded");
        const int read = av_read_frame(input.format(), packet.get());
        if (read == AVERROR_EOF) {
            avcodec_send_packet(decoder.get(), nullptr);
            draining = true;
            continue;
        }
        if (read < 0)
            throw Error(path, "cannot read: " + ffmpegErrorText(read));
        if (packet->stream_index == index) {
            const int sent = avcodec_send_packet(decoder.get(), packet.get());
            if (sent < 0 && sent != AVERROR(EAGAIN)) {
                av_packet_unref(packet.get());
                throw Error(path, "cannot decode the picture: " + ffmpegErrorText(sent));
            }
        }
        av_packet_unref(packet.get());
    }
    try {
        RgbConverter converter;
        return converter.convert(*frame);
    } catch (const Error& e) {
        throw Error(path, e.reason());
    }
}

std::string encodePng(const RgbImage& image)
{
    if (image.empty() || image.pixels.size() != size_t(image.width) * image.height * 3)
        throw Error("PNG: empty or inconsistent image");
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (!codec)
        throw Error("PNG: this FFmpeg has no PNG encoder");
    CodecPtr encoder(avcodec_alloc_context3(codec));
    encoder->width = image.width;
    encoder->height = image.height;
    encoder->pix_fmt = AV_PIX_FMT_RGB24;
    encoder->time_base = AVRational{1, 1};
    if (const int opened = avcodec_open2(encoder.get(), codec, nullptr); opened < 0)
        throw Error("PNG: cannot open the encoder: " + ffmpegErrorText(opened));

    FramePtr frame(av_frame_alloc());
    frame->width = image.width;
    frame->height = image.height;
    frame->format = AV_PIX_FMT_RGB24;
    // The frame borrows the image's rows; the encoder copies what it needs before returning.
    av_image_fill_arrays(frame->data, frame->linesize, image.pixels.data(), AV_PIX_FMT_RGB24,
                         image.width, image.height, 1);
    PacketPtr packet(av_packet_alloc());
    if (const int sent = avcodec_send_frame(encoder.get(), frame.get()); sent < 0)
        throw Error("PNG: cannot encode: " + ffmpegErrorText(sent));
    avcodec_send_frame(encoder.get(), nullptr);
    std::string bytes;
    while (avcodec_receive_packet(encoder.get(), packet.get()) == 0) {
        bytes.append(reinterpret_cast<const char*>(packet->data), size_t(packet->size));
        av_packet_unref(packet.get());
    }
    if (bytes.empty())
        throw Error("PNG: the encoder produced no data");
    return bytes;
}

void writePng(const RgbImage& image, const std::filesystem::path& path)
{
    std::string bytes;
    try {
        bytes = encodePng(image);
    } catch (const Error& e) {
        throw Error(path, e.reason());
    }
    writeFileAtomically(path, bytes);
}

} // namespace soundframe
