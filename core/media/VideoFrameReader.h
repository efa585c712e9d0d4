#pragma once
// VideoFrameReader: the frames of one video file at chosen times, decoded in one pass.
//
//   VideoFrameReader reader("clip.mp4");                        // throws Error naming the file
//   std::vector<RgbImage> frames = reader.framesAt({0.5, 1.5, 2.5}, 224);  // 224x224 squares
//
// Which frame: for a time T (seconds from the start of the file, i.e. after the container's
// start time, as `ffmpeg -ss T` counts), the first frame whose presentation time is >= T,
// which is exactly the frame `ffmpeg -ss T -i FILE -frames:v 1` writes (accurate seek; the
// comparison is done like ffmpeg's: T in microseconds plus the container start time, rounded
// to the stream's time base). Times may come in any order and may repeat; the result is in
// the order asked. Times between the last frame and the end of the file (e.g. audio runs
// longer, or T falls inside the last frame's display interval) give the last frame, which is
// what a player shows there; the ffmpeg CLI writes nothing for them. A negative or non-finite
// time, or one at or past durationSeconds(), throws Error naming the file, as does a stream
// that ends well before its stated duration (a truncated file).
//
// Cost: all requested frames come from ONE forward pass: one seek to the keyframe before the
// earliest time (none when that is near the start), then decoding forward; it seeks again only
// when the next time lies more than `reseekGapSeconds` past the last decoded frame and the
// index shows a keyframe after it. Only the chosen frames are converted to RGB (swscale, see
// RgbConverter) and, when squareSize > 0, to squares (resizeShorterSideAndCentreCrop).
// Rotation metadata (phone videos) is applied by quarter turns, as the ffmpeg CLI does.
//
// Not thread-safe: one reader per thread; run readers for different files in parallel.
#include "MediaInput.h"
#include "RgbConverter.h"
#include "RgbImage.h"

#include <cstdint>
#include <filesystem>
#include <vector>

struct AVCodecContext;
struct AVFrame;
struct AVPacket;

namespace soundframe {

struct VideoFrameReaderOptions {
    int decoderThreads = 1;         // FFmpeg decoder threads (0 = FFmpeg's choice); 1 suits one reader per core
    double reseekGapSeconds = 5.0;  // seek instead of decoding forward when the next time is this far ahead
};

class VideoFrameReader {
public:
    explicit VideoFrameReader(const std::filesystem::path& path, VideoFrameReaderOptions options = {});
    ~VideoFrameReader();
    VideoFrameReader(const VideoFrameReader&) = delete;
    VideoFrameReader& operator=(const VideoFrameReader&) = delete;

    // One image per entry of `seconds`, in that order; squareSize > 0 gives squareSize^2 images.
    std::vector<RgbImage> framesAt(const std::vector<double>& seconds, int squareSize = 0);

    const std::filesystem::path& path() const { return m_input.path(); }
    int width() const { return m_width; }            // displayed size (after rotation), pixels
    int height() const { return m_height; }
    double frameRate() const { return m_frameRate; }  // average frames per second, 0 when unknown
    double durationSeconds() const { return m_duration; }  // container duration; < 0 when unknown

    // Work done since construction, for tests and benchmarks.
    int64_t decodedFrames() const { return m_decodedFrames; }
    int64_t packetsRead() const { return m_packetsRead; }
    int64_t seeks() const { return m_seeks; }

private:
    bool decodeNext();
    void seekFor(int64_t target);
    bool shouldSeekFor(int64_t target) const;
    RgbImage currentAsRgb(int squareSize);
    void release();

    MediaInput m_input;
    VideoFrameReaderOptions m_options;
    int m_stream = -1;
    AVCodecContext* m_decoder = nullptr;
    AVPacket* m_packet = nullptr;
    AVFrame* m_current = nullptr;   // the last decoded frame
    AVFrame* m_next = nullptr;
    RgbConverter m_converter;
    int m_width = 0;
    int m_height = 0;
    int m_quarterTurns = 0;          // clockwise quarter turns to display upright
    double m_frameRate = 0;
    double m_duration = -1;
    int64_t m_startMicros = 0;       // container start time, microseconds
    int64_t m_startTicks = 0;        // container start time, stream ticks
    int64_t m_streamStart = 0;       // first video timestamp, stream ticks
    int64_t m_streamEnd = INT64_MAX; // stated end of the video stream, stream ticks
    int64_t m_frameTicks = 1;        // one frame's duration, stream ticks (estimate)

    // Decoding position: m_current holds the frame with pts m_currentPts, and every frame with
    // pts in (m_lowerBound, m_currentPts) has been ruled out, so a target in
    // (m_lowerBound, m_currentPts] is answered by m_current.
    bool m_haveCurrent = false;
    bool m_atStreamStart = true;     // nothing decoded since opening: the next frame is the first
    bool m_draining = false;
    bool m_ended = false;
    int64_t m_currentPts = 0;
    int64_t m_lowerBound = 0;

    int64_t m_decodedFrames = 0;
    int64_t m_packetsRead = 0;
    int64_t m_seeks = 0;
};

} // namespace soundframe
