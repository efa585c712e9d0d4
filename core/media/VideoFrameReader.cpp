#include "VideoFrameReader.h"

#include "ImageResize.h"
#include "base/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/display.h>
}

namespace soundframe {

namespace {
constexpr int64_t kMinusInfinity = std::numeric_limits<int64_t>::min();

std::string secondsText(double seconds)
{
    std::ostringstream s;
    s << seconds;
    return s.str();
}

// Clockwise quarter turns that display the stored picture upright, as ffmpeg's autorotate.
int quarterTurns(const AVStream* st)
{
    const auto* matrix = reinterpret_cast<const int32_t*>(
        av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
    if (!matrix)
        return 0;
    double theta = -std::round(av_display_rotation_get(matrix));
    theta -= 360 * std::floor(theta / 360 + 0.9 / 360);
    for (int turns = 1; turns < 4; ++turns)
        if (std::fabs(theta - 90.0 * turns) < 1.0)
            return turns;
    return 0;
}

RgbImage rotateClockwise(const RgbImage& in, int turns)
{
    if (turns == 0)
        return in;
    RgbImage out;
    out.width = turns == 2 ? in.width : in.height;
    out.height = turns == 2 ? in.height : in.width;
    out.pixels.resize(in.pixels.size());
    for (int y = 0; y < in.height; ++y) {
        for (int x = 0; x < in.width; ++x) {
            int ox = x, oy = y;
            if (turns == 1) {
                ox = in.height - 1 - y;
                oy = x;
            } else if (turns == 2) {
                ox = in.width - 1 - x;
                oy = in.height - 1 - y;
            } else {
                ox = y;
                oy = in.width - 1 - x;
            }
            const uint8_t* s = &in.pixels[(size_t(y) * in.width + x) * 3];
            uint8_t* d = &out.pixels[(size_t(oy) * out.width + ox) * 3];
            d[0] = s[0];
            d[1] = s[1];
            d[2] = s[2];
        }
    }
    return out;
}
} // namespace

VideoFrameReader::VideoFrameReader(const std::filesystem::path& path, VideoFrameReaderOptions options)
    : m_input(path), m_options(options)
{
    AVFormatContext* fmt = m_input.format();
    m_stream = m_input.bestStream(AVMEDIA_TYPE_VIDEO);
    if (m_stream < 0 || (fmt->streams[m_stream]->disposition & AV_DISPOSITION_ATTACHED_PIC))
        throw Error(path, "no video stream");
    // Only the video stream is demuxed further; skipping audio packets saves reading time.
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        if (int(i) != m_stream)
            fmt->streams[i]->discard = AVDISCARD_ALL;

    AVStream* st = fmt->streams[m_stream];
    const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
    if (!codec)
        throw Error(path, std::string("no decoder for video codec ") + avcodec_get_name(st->codecpar->codec_id));
    m_decoder = avcodec_alloc_context3(codec);
    m_packet = av_packet_alloc();
    m_current = av_frame_alloc();
    m_next = av_frame_alloc();
    if (!m_decoder || !m_packet || !m_current || !m_next || avcodec_parameters_to_context(m_decoder, st->codecpar) < 0) {
        release();
        throw Error(path, "cannot set up the video decoder");
    }
    m_decoder->thread_count = std::max(0, m_options.decoderThreads);
    m_decoder->pkt_timebase = st->time_base;
    if (const int opened = avcodec_open2(m_decoder, codec, nullptr); opened < 0) {
        release();
        throw Error(path, "cannot open the video decoder: " + ffmpegErrorText(opened));
    }

    m_quarterTurns = quarterTurns(st);
    m_width = m_quarterTurns % 2 ? st->codecpar->height : st->codecpar->width;
    m_height = m_quarterTurns % 2 ? st->codecpar->width : st->codecpar->height;
    AVRational rate = st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0 ? st->avg_frame_rate : st->r_frame_rate;
    m_frameRate = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
    m_duration = m_input.durationSeconds();
    m_startMicros = fmt->start_time != AV_NOPTS_VALUE ? fmt->start_time : 0;
    m_startTicks = av_rescale_q(m_startMicros, AV_TIME_BASE_Q, st->time_base);
    m_streamStart = st->start_time != AV_NOPTS_VALUE ? st->start_time : m_startTicks;
    // A duration guessed from the bit rate (MPEG-TS) is too rough to call a file truncated.
    if (st->duration != AV_NOPTS_VALUE && st->duration > 0 && fmt->duration_estimation_method != AVFMT_DURATION_FROM_BITRATE)
        m_streamEnd = m_streamStart + st->duration;
    m_frameTicks = m_frameRate > 0 ? std::max<int64_t>(1, av_rescale_q(1, av_inv_q(rate), st->time_base)) : 1;
}

VideoFrameReader::~VideoFrameReader()
{
    release();
}

void VideoFrameReader::release()
{
    av_frame_free(&m_next);
    av_frame_free(&m_current);
    av_packet_free(&m_packet);
    avcodec_free_context(&m_decoder);
}

bool VideoFrameReader::decodeNext()
{
    AVFormatContext* fmt = m_input.format();
    while (true) {
        const int received = avcodec_receive_frame(m_decoder, m_next);
        if (received == 0) {
            ++m_decodedFrames;
            int64_t pts = m_next->best_effort_timestamp;
            if (pts == AV_NOPTS_VALUE)
                pts = m_haveCurrent ? m_currentPts + m_frameTicks : m_streamStart;
            m_lowerBound = m_haveCurrent ? m_currentPts : (m_atStreamStart ? kMinusInfinity : pts - 1);
            std::swap(m_current, m_next);
            av_frame_unref(m_next);
            m_currentPts = pts;
            m_haveCurrent = true;
            m_atStreamStart = false;
            return true;
        }
        if (received == AVERROR_EOF) {
            m_ended = true;
            return false;
        }
        if (received != AVERROR(EAGAIN))
            throw Error(path(), "cannot decode video: " + ffmpegErrorText(received));
        if (m_draining) {  // a decoder that asks for input while draining has nothing more
            m_ended = true;
            return false;
        }
        const int read = av_read_frame(fmt, m_packet);
        if (read < 0) {
            // End of file, or a read error in a damaged file: like the ffmpeg CLI, decode what came.
            avcodec_send_packet(m_decoder, nullptr);
            m_draining = true;
            continue;
        }
        if (m_packet->stream_index == m_stream) {
            ++m_packetsRead;
            // Damaged packets are skipped, as the ffmpeg CLI does; the decoder resynchronises.
            avcodec_send_packet(m_decoder, m_packet);
        }
        av_packet_unref(m_packet);
    }
}

bool VideoFrameReader::shouldSeekFor(int64_t target) const
{
    if (!m_haveCurrent) {
        // Fresh from opening (or after the end): decode from the start when the target is near it.
        if (!m_atStreamStart)
            return true;
        return target - m_streamStart > av_rescale_q(int64_t(m_options.reseekGapSeconds * AV_TIME_BASE),
                                                     AV_TIME_BASE_Q, m_input.format()->streams[m_stream]->time_base);
    }
    if (target <= m_lowerBound)
        return true;  // behind us
    if (m_ended)
        return false;  // past the last frame, which is the answer
    AVStream* st = m_input.format()->streams[m_stream];
    const int64_t gap = av_rescale_q(int64_t(m_options.reseekGapSeconds * AV_TIME_BASE), AV_TIME_BASE_Q, st->time_base);
    if (target - m_currentPts <= gap)
        return false;
    // Far ahead: seeking pays only if a keyframe lies between here and the target.
    if (const AVIndexEntry* key = avformat_index_get_entry_from_timestamp(st, target, AVSEEK_FLAG_BACKWARD))
        return key->timestamp > m_currentPts;
    return true;
}

void VideoFrameReader::seekFor(int64_t target)
{
    AVFormatContext* fmt = m_input.format();
    AVStream* st = fmt->streams[m_stream];
    // Containers index keyframes by decode time, which runs ahead of presentation time when
    // frames are reordered (B-frames): start a little earlier, as the ffmpeg CLI does (3/23 s).
    int64_t margin = st->codecpar->video_delay > 0 || m_decoder->has_b_frames > 0
        ? av_rescale_q(3 * AV_TIME_BASE / 23, AV_TIME_BASE_Q, st->time_base)
        : 0;
    const int64_t oneSecond = std::max<int64_t>(1, av_rescale_q(AV_TIME_BASE, AV_TIME_BASE_Q, st->time_base));
    while (true) {
        const int64_t seekTo = target - margin;
        bool fromStart = seekTo <= m_streamStart;
        ++m_seeks;
        int sought = avformat_seek_file(fmt, m_stream, std::numeric_limits<int64_t>::min(), seekTo, seekTo, 0);
        if (sought < 0 && !fromStart) {  // e.g. before the first indexed keyframe
            sought = avformat_seek_file(fmt, m_stream, std::numeric_limits<int64_t>::min(), m_streamStart, m_streamStart, 0);
            fromStart = true;
        }
        if (sought < 0)
            throw Error(path(), "cannot seek: " + ffmpegErrorText(sought));
        avcodec_flush_buffers(m_decoder);
        m_haveCurrent = false;
        m_draining = false;
        m_ended = false;
        m_atStreamStart = fromStart;
        if (!decodeNext()) {
            if (fromStart)
                throw Error(path(), "no video frame could be decoded");
        } else if (m_currentPts <= target || fromStart) {
            return;
        }
        // Landed after the target (or on nothing): the keyframe we need is earlier.
        margin = std::max(margin * 2, oneSecond);
    }
}

RgbImage VideoFrameReader::currentAsRgb(int squareSize)
{
    RgbImage image;
    try {
        image = rotateClockwise(m_converter.convert(*m_current), m_quarterTurns);
        if (squareSize > 0)
            image = resizeShorterSideAndCentreCrop(image, squareSize);
    } catch (const Error& e) {
        throw Error(path(), e.reason());
    }
    return image;
}

std::vector<RgbImage> VideoFrameReader::framesAt(const std::vector<double>& seconds, int squareSize)
{
    const AVStream* st = m_input.format()->streams[m_stream];
    std::vector<int64_t> targets(seconds.size());
    for (size_t i = 0; i < seconds.size(); ++i) {
        const double t = seconds[i];
        if (!std::isfinite(t) || t < 0)
            throw Error(path(), "frame time " + secondsText(t) + " s is not a time in the video");
        if (m_duration > 0 && t >= m_duration)
            throw Error(path(), "frame time " + secondsText(t) + " s is at or past the end of the video ("
                                    + secondsText(m_duration) + " s)");
        // As ffmpeg -ss: whole microseconds, offset by the container start, rounded to stream ticks.
        const int64_t micros = std::llround(t * 1e6);
        targets[i] = av_rescale_q(micros + m_startMicros, AV_TIME_BASE_Q, st->time_base);
    }
    std::vector<size_t> order(seconds.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return targets[a] < targets[b]; });

    std::vector<RgbImage> frames(seconds.size());
    size_t k = 0;
    while (k < order.size()) {
        const int64_t target = targets[order[k]];
        if (shouldSeekFor(target))
            seekFor(target);
        else if (!m_haveCurrent && !decodeNext())
            throw Error(path(), "no video frame could be decoded");
        while (m_currentPts < target && !m_ended) {
            if (!decodeNext())
                break;
        }
        if (m_currentPts < target && m_streamEnd != INT64_MAX
            && m_currentPts + std::max(2 * m_frameTicks, av_rescale_q(AV_TIME_BASE, AV_TIME_BASE_Q, st->time_base))
                < m_streamEnd)
            throw Error(path(), "video ends at " + secondsText(double(m_currentPts - m_startTicks) * av_q2d(st->time_base))
                                    + " s, before its stated end ("
                                    + secondsText(double(m_streamEnd - m_startTicks) * av_q2d(st->time_base))
                                    + " s): truncated or damaged file");
        // m_current answers every target up to its pts (or all of them once the stream ended).
        const RgbImage image = currentAsRgb(squareSize);
        while (k < order.size() && (targets[order[k]] <= m_currentPts || m_ended)) {
            frames[order[k]] = image;
            ++k;
        }
    }
    return frames;
}

} // namespace soundframe
