#include "VideoWriter.h"

#include "MediaInput.h"
#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <algorithm>
#include <cstring>
#include <system_error>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace soundframe {

struct VideoWriter::State {
    std::filesystem::path target;
    std::filesystem::path temporary;
    VideoWriterOptions options;
    AVFormatContext* format = nullptr;
    AVCodecContext* video = nullptr;
    AVCodecContext* audio = nullptr;
    AVStream* videoStream = nullptr;
    AVStream* audioStream = nullptr;
    SwsContext* scaler = nullptr;
    AVFrame* frame = nullptr;
    AVFrame* audioFrame = nullptr;
    AVPacket* packet = nullptr;
    std::vector<float> pendingAudio;
    int64_t audioPts = 0;
    int frames = 0;
    bool finished = false;
    bool headerWritten = false;

    void check(int code, const char* what) const
    {
        if (code < 0)
            throw Error(target, std::string(what) + ": " + ffmpegErrorText(code));
    }

    // Sends `input` (nullptr flushes) and writes every packet the encoder gives back.
    void encode(AVCodecContext* codec, AVStream* stream, AVFrame* input)
    {
        check(avcodec_send_frame(codec, input), "encoding");
        for (;;) {
            const int code = avcodec_receive_packet(codec, packet);
            if (code == AVERROR(EAGAIN) || code == AVERROR_EOF)
                return;
            check(code, "encoding");
            av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
            packet->stream_index = stream->index;
            check(av_interleaved_write_frame(format, packet), "writing");
        }
    }

    // Encodes whole AAC frames from pendingAudio; with `all`, the short remainder too.
    void encodeAudio(bool all)
    {
        const int frameSize = audio->frame_size > 0 ? audio->frame_size : 1024;
        size_t used = 0;
        while (pendingAudio.size() - used >= size_t(frameSize) || (all && used < pendingAudio.size())) {
            const int count = int(std::min(pendingAudio.size() - used, size_t(frameSize)));
            av_frame_unref(audioFrame);
            audioFrame->format = audio->sample_fmt;
            audioFrame->sample_rate = audio->sample_rate;
            check(av_channel_layout_copy(&audioFrame->ch_layout, &audio->ch_layout), "audio frame");
            audioFrame->nb_samples = count;
            check(av_frame_get_buffer(audioFrame, 0), "audio frame");
            std::memcpy(audioFrame->data[0], pendingAudio.data() + used, size_t(count) * sizeof(float));
            audioFrame->pts = audioPts;
            audioPts += count;
            used += size_t(count);
            encode(audio, audioStream, audioFrame);
        }
        pendingAudio.erase(pendingAudio.begin(), pendingAudio.begin() + std::ptrdiff_t(used));
    }

    ~State()
    {
        sws_freeContext(scaler);
        av_frame_free(&frame);
        av_frame_free(&audioFrame);
        av_packet_free(&packet);
        avcodec_free_context(&video);
        avcodec_free_context(&audio);
        if (format) {
            if (format->pb)
                avio_closep(&format->pb);
            avformat_free_context(format);
        }
        if (!finished && !temporary.empty()) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
        }
    }
};

VideoWriter::VideoWriter(const std::filesystem::path& target, const VideoWriterOptions& options)
    : m_state(std::make_unique<State>())
{
    State& s = *m_state;
    s.target = target;
    s.options = options;
    if (options.width < 16 || options.height < 16 || options.width % 2 || options.height % 2)
        throw Error(target, "frame size must be even and at least 16x16, got " + std::to_string(options.width) + "x"
                                + std::to_string(options.height));
    if (options.fps < 1 || options.fps > 120)
        throw Error(target, "fps must be 1..120, got " + std::to_string(options.fps));
    if (options.audioRate < 0 || options.audioRate > 192000)
        throw Error(target, "audio rate must be 0..192000 Hz, got " + std::to_string(options.audioRate));
    s.temporary = temporarySibling(target);
    s.temporary += ".mp4";  // ".clip.mp4.tmp-PID-N.mp4": hidden, and still named like what it holds

    s.check(avformat_alloc_output_context2(&s.format, nullptr, "mp4", s.temporary.string().c_str()), "mp4 muxer");
    s.packet = av_packet_alloc();
    s.frame = av_frame_alloc();
    s.audioFrame = av_frame_alloc();
    if (!s.packet || !s.frame || !s.audioFrame)
        throw Error(target, "out of memory");

    const AVCodec* videoCodec = avcodec_find_encoder_by_name("libx264");
    if (!videoCodec)
        videoCodec = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
    if (!videoCodec)
        throw Error(target, "this FFmpeg has neither a libx264 nor an mpeg4 encoder");
    s.video = avcodec_alloc_context3(videoCodec);
    s.video->width = options.width;
    s.video->height = options.height;
    s.video->time_base = AVRational{1, options.fps};
    s.video->framerate = AVRational{options.fps, 1};
    s.video->pix_fmt = AV_PIX_FMT_YUV420P;
    s.video->gop_size = options.fps * 2;
    s.video->max_b_frames = 0;
    s.video->thread_count = 1;  // deterministic output, and callers parallelise over files
    if (videoCodec->id == AV_CODEC_ID_H264) {
        av_opt_set(s.video->priv_data, "preset", "veryfast", 0);
        av_opt_set(s.video->priv_data, "crf", std::to_string(options.crf).c_str(), 0);
        av_opt_set(s.video->priv_data, "x264-params", "log=-1", 0);  // no banner per file
    } else {
        s.video->flags |= AV_CODEC_FLAG_QSCALE;
        s.video->global_quality = FF_QP2LAMBDA * std::clamp(options.crf / 6, 2, 31);
    }
    if (s.format->oformat->flags & AVFMT_GLOBALHEADER)
        s.video->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    s.check(avcodec_open2(s.video, videoCodec, nullptr), "opening the video encoder");
    s.videoStream = avformat_new_stream(s.format, nullptr);
    if (!s.videoStream)
        throw Error(target, "out of memory");
    s.check(avcodec_parameters_from_context(s.videoStream->codecpar, s.video), "video stream");
    s.videoStream->time_base = s.video->time_base;
    s.videoStream->avg_frame_rate = s.video->framerate;

    if (options.audioRate > 0) {
        const AVCodec* audioCodec = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (!audioCodec)
            throw Error(target, "this FFmpeg has no AAC encoder");
        s.audio = avcodec_alloc_context3(audioCodec);
        s.audio->sample_fmt = AV_SAMPLE_FMT_FLTP;
        s.audio->sample_rate = options.audioRate;
        av_channel_layout_default(&s.audio->ch_layout, 1);
        s.audio->bit_rate = options.audioBitRate;
        s.audio->time_base = AVRational{1, options.audioRate};
        s.audio->thread_count = 1;
        if (s.format->oformat->flags & AVFMT_GLOBALHEADER)
            s.audio->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        s.check(avcodec_open2(s.audio, audioCodec, nullptr), "opening the AAC encoder");
        s.audioStream = avformat_new_stream(s.format, nullptr);
        if (!s.audioStream)
            throw Error(target, "out of memory");
        s.check(avcodec_parameters_from_context(s.audioStream->codecpar, s.audio), "audio stream");
        s.audioStream->time_base = s.audio->time_base;
    }

    s.scaler = sws_getContext(options.width, options.height, AV_PIX_FMT_RGB24, options.width, options.height,
                              AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr);
    if (!s.scaler)
        throw Error(target, "cannot set up the RGB to YUV conversion");
    s.check(avio_open(&s.format->pb, s.temporary.string().c_str(), AVIO_FLAG_WRITE), "opening the output file");
    s.format->flags |= AVFMT_FLAG_BITEXACT;  // no encoder version strings: same input, same bytes
    s.check(avformat_write_header(s.format, nullptr), "writing the header");
    s.headerWritten = true;
}

VideoWriter::~VideoWriter() = default;

void VideoWriter::addFrame(const RgbImage& image)
{
    State& s = *m_state;
    if (s.finished)
        throw Error(s.target, "addFrame after finish");
    if (image.width != s.options.width || image.height != s.options.height
        || image.pixels.size() != size_t(image.width) * size_t(image.height) * 3)
        throw Error(s.target, "frame " + std::to_string(s.frames) + " is " + std::to_string(image.width) + "x"
                                  + std::to_string(image.height) + ", expected " + std::to_string(s.options.width)
                                  + "x" + std::to_string(s.options.height));
    av_frame_unref(s.frame);
    s.frame->format = AV_PIX_FMT_YUV420P;
    s.frame->width = image.width;
    s.frame->height = image.height;
    s.check(av_frame_get_buffer(s.frame, 0), "video frame");
    const uint8_t* source[1] = {image.pixels.data()};
    const int stride[1] = {image.width * 3};
    sws_scale(s.scaler, source, stride, 0, image.height, s.frame->data, s.frame->linesize);
    s.frame->pts = s.frames++;
    s.encode(s.video, s.videoStream, s.frame);
}

void VideoWriter::addAudio(const std::vector<float>& samples)
{
    State& s = *m_state;
    if (s.finished)
        throw Error(s.target, "addAudio after finish");
    if (!s.audio)
        throw Error(s.target, "addAudio on a writer without an audio track (audioRate 0)");
    s.pendingAudio.insert(s.pendingAudio.end(), samples.begin(), samples.end());
    s.encodeAudio(false);
}

void VideoWriter::finish()
{
    State& s = *m_state;
    if (s.finished)
        return;
    if (s.frames == 0)
        throw Error(s.target, "no frame was added");
    s.encode(s.video, s.videoStream, nullptr);
    if (s.audio) {
        s.encodeAudio(true);
        s.encode(s.audio, s.audioStream, nullptr);
    }
    s.check(av_write_trailer(s.format), "writing the trailer");
    s.check(avio_closep(&s.format->pb), "closing the file");
    std::error_code error;
    std::filesystem::rename(s.temporary, s.target, error);
    if (error)
        throw Error(s.target, "cannot move the finished file into place: " + error.message());
    s.finished = true;
}

std::string VideoWriter::videoCodecName() const
{
    return avcodec_get_name(m_state->video->codec_id);
}

std::string VideoWriter::defaultVideoCodec()
{
    return avcodec_find_encoder_by_name("libx264") ? "h264" : "mpeg4";
}

int VideoWriter::framesWritten() const
{
    return m_state->frames;
}

} // namespace soundframe
