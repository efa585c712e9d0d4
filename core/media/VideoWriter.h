#pragma once
// VideoWriter: RGB frames and mono float audio into an MP4 file (H.264 + AAC) through FFmpeg's
// libraries.
//
//   VideoWriter writer("out/clip.mp4", {128, 128, 8, 16000});
//   for (const RgbImage& frame : frames) writer.addFrame(frame);   // each width x height
//   writer.addAudio(samples);                                       // mono, at audioRate, [-1, 1]
//   writer.finish();   // the file appears under its name only now (temp file + rename)
//
// Frame k is shown from k / fps seconds. The video codec is libx264 (yuv420p, CRF, one
// thread, no B-frames so output is identical for identical input) when FFmpeg has it, else
// mpeg4; audio is FFmpeg's native AAC encoder. Width and height must be even. Audio may be
// added in any number of calls before finish(); samples beyond the video's length are kept
// (the file's duration is the longer of the two); decoders return up to one AAC frame (1024
// samples) more than given, silence at the end (AAC padding, as with the ffmpeg CLI).
// Without finish() (an exception, or destruction) the temporary file is removed and no file
// appears under the target name.
// Throws Error naming the target on bad input or failed encoding/writing. Not thread-safe;
// one writer per thread.
#include "RgbImage.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace soundframe {

struct VideoWriterOptions {
    int width = 128;          // frame width in pixels, even, >= 16
    int height = 128;         // frame height in pixels, even, >= 16
    int fps = 8;              // frames per second, 1 .. 120
    int audioRate = 16000;    // Hz of the samples given to addAudio; 0: no audio track
    int crf = 23;             // libx264 quality (lower is better); mpeg4 uses an equivalent qscale
    int audioBitRate = 64000; // AAC bits per second
};

class VideoWriter {
public:
    VideoWriter(const std::filesystem::path& target, const VideoWriterOptions& options = {});
    ~VideoWriter();
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;

    void addFrame(const RgbImage& frame);
    void addAudio(const std::vector<float>& samples);
    // Flushes the encoders, writes the trailer and renames the file into place.
    void finish();

    // "h264" or "mpeg4": the video codec this writer uses.
    std::string videoCodecName() const;
    // The video codec writers use with this FFmpeg build: "h264" (libx264) or "mpeg4".
    static std::string defaultVideoCodec();
    int framesWritten() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace soundframe
