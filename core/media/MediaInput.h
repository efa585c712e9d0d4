#pragma once
// MediaInput: an opened media file (FFmpeg demuxer) with its stream table read.
//
//   MediaInput input("clip.mp4");                       // throws Error naming the file
//   int video = input.bestStream(AVMEDIA_TYPE_VIDEO);   // -1 when there is none
//   AVFormatContext* fmt = input.format();
//
// Shared by probing, frame decoding and audio decoding so every reader reports an
// unreadable file the same way. Not thread-safe; one instance per thread.
#include <filesystem>
#include <string>

extern "C" {
#include <libavformat/avformat.h>
}

namespace soundframe {

class MediaInput {
public:
    explicit MediaInput(const std::filesystem::path& path);
    ~MediaInput();
    MediaInput(const MediaInput&) = delete;
    MediaInput& operator=(const MediaInput&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    AVFormatContext* format() const { return m_format; }
    // Index of the stream FFmpeg would pick for `type`, or -1 if the file has none.
    int bestStream(AVMediaType type) const;
    // Container duration in seconds, or a negative value when the file does not say.
    double durationSeconds() const;

private:
    std::filesystem::path m_path;
    AVFormatContext* m_format = nullptr;
};

// FFmpeg's text for an error code, e.g. "Invalid data found when processing input".
std::string ffmpegErrorText(int code);

} // namespace soundframe
