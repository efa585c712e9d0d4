#include "AudioDecoder.h"

#include "FfmpegPointers.h"
#include "MediaInput.h"
#include "base/Error.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

namespace soundframe {
namespace {

constexpr int kMinTargetRate = 1000;
constexpr int kMaxRate = 1000000;
constexpr double kMaxSeconds = 1e9;
// Decoding starts this long before a window: AAC/Vorbis frames overlap their predecessor,
// mp3 frames borrow bits from earlier ones, Opus asks for 80 ms of pre-roll.
constexpr double kSeekLeadSeconds = 1.0;

using SwrPtr = std::unique_ptr<SwrContext, FfmpegFreer<SwrContext, swr_free>>;

std::string seconds(double s)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.3f s", s);
    return text;
}

int64_t timestampOf(const AVFrame* frame)
{
    return frame->pts != AV_NOPTS_VALUE ? frame->pts : frame->best_effort_timestamp;
}

// The best audio stream of a file and its decoder, yielding decoded frames in order.
class AudioTrack {
public:
    explicit AudioTrack(const std::filesystem::path& path);

    int rate() const { return m_stream->codecpar->sample_rate; }
    int channels() const { return m_stream->codecpar->ch_layout.nb_channels; }
    double declaredDuration() const;
    int damagedPackets() const { return m_damaged; }
    int readError() const { return m_readError; }

    // The next decoded frame (owned by the track, valid until the next call), or nullptr at
    // the end of the readable data.
    AVFrame* next();
    // Seeks to at most `sample` (index from the first decoded sample) and returns the index
    // of the frame next() will return, or -1 when the position cannot be known exactly.
    int64_t seekNear(int64_t sample);

private:
    MediaInput m_input;
    int m_index = -1;
    AVStream* m_stream = nullptr;
    CodecPtr m_codec;
    PacketPtr m_packet;
    FramePtr m_frame;
    bool m_draining = false;
    bool m_pending = false;
    int m_damaged = 0;
    int m_readError = 0;
};

AudioTrack::AudioTrack(const std::filesystem::path& path) : m_input(path)
{
    AVFormatContext* format = m_input.format();
    m_index = m_input.bestStream(AVMEDIA_TYPE_AUDIO);
    if (m_index < 0) {
        // FFmpeg's choice skips audio streams without channels or rate; say which it was.
        for (unsigned i = 0; i < format->nb_streams && m_index < 0; ++i)
            if (format->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
                m_index = int(i);
        if (m_index < 0)
            throw Error(path, m_input.bestStream(AVMEDIA_TYPE_VIDEO) >= 0
                                  ? "no audio stream (the file has only video)" : "no audio stream");
    }
    // Unread streams cost nothing when the demuxer is told to drop them.
    for (unsigned i = 0; i < format->nb_streams; ++i)
        if (int(i) != m_index)
            format->streams[i]->discard = AVDISCARD_ALL;
    m_stream = format->streams[m_index];
    const AVCodecParameters* par = m_stream->codecpar;
    if (par->ch_layout.nb_channels <= 0)
        throw Error(path, "the audio stream has 0 channels");
    if (par->sample_rate <= 0 || par->sample_rate > kMaxRate)
        throw Error(path, "absurd audio sample rate: " + std::to_string(par->sample_rate) + " Hz");
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    if (!codec)
        throw Error(path, std::string("no decoder for audio codec ") + avcodec_get_name(par->codec_id));
    m_codec.reset(avcodec_alloc_context3(codec));
    m_packet.reset(av_packet_alloc());
    m_frame.reset(av_frame_alloc());
    if (!m_codec || !m_packet || !m_frame)
        throw Error(path, "out of memory opening the audio decoder");
    int r = avcodec_parameters_to_context(m_codec.get(), par);
    // pkt_timebase lets libavcodec shift timestamps past the encoder delay it removes.
    m_codec->pkt_timebase = m_stream->time_base;
    if (r >= 0)
        r = avcodec_open2(m_codec.get(), codec, nullptr);
    if (r < 0)
        throw Error(path, std::string("cannot open the ") + codec->name + " decoder: " + ffmpegErrorText(r));
}

double AudioTrack::declaredDuration() const
{
    if (m_stream->duration != AV_NOPTS_VALUE && m_stream->duration > 0)
        return double(m_stream->duration) * av_q2d(m_stream->time_base);
    return m_input.durationSeconds();
}

AVFrame* AudioTrack::next()
{
    if (m_pending) {
        m_pending = false;
        return m_frame.get();
    }
    int errorsInARow = 0;
    for (;;) {
        av_frame_unref(m_frame.get());
        int r = avcodec_receive_frame(m_codec.get(), m_frame.get());
        if (r >= 0)
            return m_frame.get();
        if (r == AVERROR_EOF)
            return nullptr;
        if (r != AVERROR(EAGAIN)) {
            // A packet the decoder rejects is skipped, as the ffmpeg CLI does.
            ++m_damaged;
            if (++errorsInARow > 1000)
                return nullptr;
            continue;
        }
        if (m_draining)
            return nullptr;
        r = av_read_frame(m_input.format(), m_packet.get());
        if (r == AVERROR(EAGAIN))
            continue;
        if (r < 0) {
            if (r != AVERROR_EOF)
                m_readError = r;
            avcodec_send_packet(m_codec.get(), nullptr);
            m_draining = true;
            continue;
        }
        if (m_packet->stream_index == m_index) {
            r = avcodec_send_packet(m_codec.get(), m_packet.get());
            if (r < 0 && r != AVERROR(EAGAIN))
                ++m_damaged;
        }
        av_packet_unref(m_packet.get());
    }
}

int64_t AudioTrack::seekNear(int64_t sample)
{
    // A time base coarser than one sample (Matroska's 1 ms) cannot place a frame exactly.
    const AVRational base = m_stream->time_base;
    if (base.num <= 0 || int64_t(base.num) * rate() > int64_t(base.den))
        return -1;
    // Sample 0 is the first decoded sample: its timestamp already skips the encoder delay.
    const AVFrame* first = next();
    if (!first)
        return -1;
    const int64_t origin = timestampOf(first);
    if (origin == AV_NOPTS_VALUE)
        return -1;
    const AVRational sampleBase{1, rate()};
    const int64_t target = origin + av_rescale_q(sample, sampleBase, base);
    if (avformat_seek_file(m_input.format(), m_index, INT64_MIN, target, target, 0) < 0)
        return -1;
    avcodec_flush_buffers(m_codec.get());
    m_draining = false;
    const AVFrame* frame = next();
    if (!frame)
        return -1;
    const int64_t at = timestampOf(frame);
    if (at == AV_NOPTS_VALUE || at < origin)
        return -1;
    m_pending = true;
    return av_rescale_q_rnd(at - origin, base, sampleBase, AV_ROUND_NEAR_INF);
}

// out[i] = mean over channels of sample i, for any FFmpeg sample format.
template <class T, class ToFloat>
void meanOfChannels(const AVFrame& frame, bool planar, ToFloat toFloat, float* out)
{
    const int channels = frame.ch_layout.nb_channels;
    const int n = frame.nb_samples;
    std::fill(out, out + n, 0.f);
    for (int c = 0; c < channels; ++c) {
        const T* data = reinterpret_cast<const T*>(frame.extended_data[planar ? c : 0]);
        const int stride = planar ? 1 : channels;
        const int offset = planar ? 0 : c;
        for (int i = 0; i < n; ++i)
            out[i] += toFloat(data[size_t(i) * stride + offset]);
    }
    const float scale = 1.f / float(channels);
    for (int i = 0; i < n; ++i)
        out[i] *= scale;
}

// The integer scalings are swresample's (and the ffmpeg CLI's): x / 2^(bits-1).
bool meanOfChannels(const AVFrame& frame, float* out)
{
    const auto format = AVSampleFormat(frame.format);
    const bool planar = av_sample_fmt_is_planar(format);
    switch (av_get_packed_sample_fmt(format)) {
    case AV_SAMPLE_FMT_U8:
        meanOfChannels<uint8_t>(frame, planar, [](uint8_t v) { return float(int(v) - 128) * (1.f / 128); }, out);
        return true;
    case AV_SAMPLE_FMT_S16:
        meanOfChannels<int16_t>(frame, planar, [](int16_t v) { return float(v) * (1.f / 32768); }, out);
        return true;
    case AV_SAMPLE_FMT_S32:
        meanOfChannels<int32_t>(frame, planar, [](int32_t v) { return float(v) * (1.f / 2147483648.f); }, out);
        return true;
    case AV_SAMPLE_FMT_S64:
        meanOfChannels<int64_t>(frame, planar, [](int64_t v) { return float(double(v) / 9223372036854775808.0); }, out);
        return true;
    case AV_SAMPLE_FMT_FLT:
        meanOfChannels<float>(frame, planar, [](float v) { return v; }, out);
        return true;
    case AV_SAMPLE_FMT_DBL:
        meanOfChannels<double>(frame, planar, [](double v) { return float(v); }, out);
        return true;
    default:
        return false;
    }
}

// Mono float resampling with swresample's defaults; a plain copy when the rates agree.
class MonoResampler {
public:
    MonoResampler(const std::filesystem::path& path, int inRate, int outRate) : m_path(path)
    {
        if (inRate == outRate)
            return;
        AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;  // not const: FFmpeg 5.1 takes a mutable pointer
        SwrContext* swr = nullptr;
        int r = swr_alloc_set_opts2(&swr, &mono, AV_SAMPLE_FMT_FLT, outRate, &mono, AV_SAMPLE_FMT_FLT,
                                    inRate, 0, nullptr);
        m_swr.reset(swr);
        if (r >= 0)
            r = swr_init(swr);
        if (r < 0)
            throw Error(path, "cannot resample " + std::to_string(inRate) + " Hz to " + std::to_string(outRate)
                                  + " Hz: " + ffmpegErrorText(r));
    }

    // Appends what `count` more input samples yield; `in` == nullptr drains the filter.
    void push(const float* in, int count, std::vector<float>& out)
    {
        if (!m_swr) {
            if (in)
                out.insert(out.end(), in, in + count);
            return;
        }
        for (;;) {
            const int bound = swr_get_out_samples(m_swr.get(), in ? count : 0);
            if (bound < 0)
                throw Error(m_path, "resampling failed: " + ffmpegErrorText(bound));
            const int room = bound + 16;
            const size_t base = out.size();
            out.resize(base + size_t(room));
            auto* dst = reinterpret_cast<uint8_t*>(out.data() + base);
            const auto* src = reinterpret_cast<const uint8_t*>(in);
            const int got = swr_convert(m_swr.get(), &dst, room, in ? &src : nullptr, in ? count : 0);
            if (got < 0)
                throw Error(m_path, "resampling failed: " + ffmpegErrorText(got));
            out.resize(base + size_t(got));
            if (in || got == 0)
                return;
        }
    }

private:
    std::filesystem::path m_path;
    SwrPtr m_swr;
};

void checkOptions(const std::filesystem::path& path, const AudioDecodeOptions& o)
{
    if (o.targetRate < kMinTargetRate || o.targetRate > kMaxRate)
        throw Error(path, "target rate " + std::to_string(o.targetRate) + " Hz is outside "
                              + std::to_string(kMinTargetRate) + ".." + std::to_string(kMaxRate) + " Hz");
    if (!(o.startSeconds >= 0 && o.startSeconds < kMaxSeconds))
        throw Error(path, "window start must be a number of seconds >= 0");
    if (std::isnan(o.endSeconds) || o.endSeconds >= kMaxSeconds)
        throw Error(path, "window end must be a finite number of seconds (or negative: to the end)");
    if (o.endSeconds >= 0 && std::llround((o.endSeconds - o.startSeconds) * o.targetRate) <= 0)
        throw Error(path, "empty window [" + seconds(o.startSeconds) + ", " + seconds(o.endSeconds) + ")");
}

} // namespace

DecodedAudio decodeAudio(const std::filesystem::path& path, const AudioDecodeOptions& options)
{
    checkOptions(path, options);
    auto track = std::make_unique<AudioTrack>(path);
    const int sourceRate = track->rate();
    const int rate = options.targetRate;

    DecodedAudio result;
    result.rate = rate;
    result.sourceRate = sourceRate;
    result.sourceChannels = track->channels();

    // Output samples [first, first + count) of the full decode.
    const int64_t first = std::llround(options.startSeconds * rate);
    const int64_t count = options.endSeconds < 0 ? -1 : std::llround((options.endSeconds - options.startSeconds) * rate);
    const int64_t needed = count < 0 ? -1 : first + count;

    // Resampling starts at source sample k0, a multiple of sourceBlock: there the output grid
    // of a full decode has a sample too (k0 * rate / sourceRate is whole), so the window's
    // samples are computed from the same input positions as the full decode's. 0.1 s of
    // history before the window covers swresample's filter at any rate >= 1 kHz.
    const int64_t sourceBlock = sourceRate / std::gcd(sourceRate, rate);
    int64_t k0 = 0;
    if (first > 0) {
        const int64_t want = av_rescale(first, sourceRate, rate) - (sourceRate / 10 + 64);
        if (want > 0)
            k0 = want / sourceBlock * sourceBlock;
    }
    const int64_t outStart = k0 / sourceBlock * (rate / std::gcd(sourceRate, rate));

    int64_t k = 0;  // index of the next decoded source sample
    const int64_t lead = std::llround(kSeekLeadSeconds * sourceRate);
    if (k0 - lead > 0) {
        const int64_t at = track->seekNear(k0 - lead);
        if (at >= 0 && at <= k0)
            k = at;
        else
            track = std::make_unique<AudioTrack>(path);  // decode from the start instead
    }

    MonoResampler resampler(path, sourceRate, rate);
    std::vector<float> mono;
    std::vector<float> out;  // output samples outStart, outStart + 1, ...
    bool decodedAny = false;
    bool reachedEnd = true;
    while (const AVFrame* frame = track->next()) {
        if (frame->sample_rate != sourceRate)
            throw Error(path, "the sample rate changes mid-stream, from " + std::to_string(sourceRate)
                                  + " Hz to " + std::to_string(frame->sample_rate) + " Hz");
        if (frame->ch_layout.nb_channels <= 0)
            throw Error(path, "an audio frame has 0 channels");
        const int n = frame->nb_samples;
        if (n <= 0)
            continue;
        decodedAny = true;
        mono.resize(size_t(n));
        if (!meanOfChannels(*frame, mono.data()))
            throw Error(path, "unsupported sample format " + std::to_string(frame->format));
        const int skip = int(std::clamp<int64_t>(k0 - k, 0, n));
        k += n;
        if (skip < n)
            resampler.push(mono.data() + skip, n - skip, out);
        if (needed >= 0 && outStart + int64_t(out.size()) >= needed) {
            reachedEnd = false;
            break;
        }
    }
    if (reachedEnd)
        resampler.push(nullptr, 0, out);

    result.damagedPackets = track->damagedPackets();
    if (!decodedAny) {
        std::string reason = "no audio could be decoded";
        if (result.damagedPackets > 0)
            reason += " (" + std::to_string(result.damagedPackets) + " damaged packets)";
        if (track->readError() != 0)
            reason += ": " + ffmpegErrorText(track->readError());
        throw Error(path, reason);
    }
    const double length = double(k) / sourceRate;
    result.sourceDurationSeconds = reachedEnd ? length : track->declaredDuration();

    const int64_t have = outStart + int64_t(out.size());
    // swresample yields nothing for extreme ratios (1 Hz -> 16 kHz): say so instead of blaming the window.
    const int64_t expected = av_rescale(k - k0, rate, sourceRate);
    if (reachedEnd && expected > 0 && int64_t(out.size()) < expected / 2)
        throw Error(path, "resampling " + std::to_string(sourceRate) + " Hz to " + std::to_string(rate)
                              + " Hz gave " + std::to_string(out.size()) + " samples instead of about "
                              + std::to_string(expected));
    if (first >= have)
        throw Error(path, "the window starts at " + seconds(options.startSeconds)
                              + ", past the end of the audio (" + seconds(length) + " long)");
    if (needed > have)
        throw Error(path, "the audio is " + seconds(length) + " long, shorter than the window ["
                              + seconds(options.startSeconds) + ", " + seconds(options.endSeconds) + ")");
    out.erase(out.begin(), out.begin() + (first - outStart));
    if (count >= 0)
        out.resize(size_t(count));
    result.samples = std::move(out);

    const auto bad = std::find_if(result.samples.begin(), result.samples.end(),
                                  [](float v) { return !std::isfinite(v); });
    if (bad != result.samples.end())
        throw Error(path, "contains NaN or Inf samples (first at "
                              + seconds(options.startSeconds + double(bad - result.samples.begin()) / rate) + ")");
    return result;
}

} // namespace soundframe
