#pragma once
// Owning pointers for FFmpeg's codec, packet and frame objects, freed by FFmpeg's own *_free
// functions (which take the address of the pointer). Shared by AudioDecoder and ImageFile; VideoFrameReader
// and VideoWriter still free theirs by hand.
#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace soundframe {

template <class T, void (*Free)(T**)>
struct FfmpegFreer {
    void operator()(T* p) const { Free(&p); }
};
using CodecPtr = std::unique_ptr<AVCodecContext, FfmpegFreer<AVCodecContext, avcodec_free_context>>;
using PacketPtr = std::unique_ptr<AVPacket, FfmpegFreer<AVPacket, av_packet_free>>;
using FramePtr = std::unique_ptr<AVFrame, FfmpegFreer<AVFrame, av_frame_free>>;

} // namespace soundframe
