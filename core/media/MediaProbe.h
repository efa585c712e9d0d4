#pragma once
// MediaProbe: what a media file holds, as ffprobe would report it, for `soundframe-cli probe`
// and for checking inputs before a long job.
//
//   MediaInfo info = probeMedia("clip.mp4");          // throws Error naming the file
//   std::cout << mediaInfoToJson(info);               // pretty JSON
//
// Values follow ffprobe's: `codec` is ffprobe's codec_name, `format` its format_name,
// durations are seconds (negative when the file does not say), frameRate is the average
// frame rate (falling back to the container's guess). Thread-safe: no shared state.
#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct StreamInfo {
    int index = -1;               // stream index in the file (ffprobe "index")
    std::string type;             // "video", "audio", "subtitle", "data", "attachment" or "unknown"
    std::string codec;            // codec name, e.g. "h264", "aac"
    double durationSeconds = -1;  // stream duration, seconds; negative when unknown
    double startSeconds = 0;      // first timestamp, seconds (0 when unknown)
    int width = 0;                // video: pixels
    int height = 0;               // video: pixels
    double frameRate = 0;         // video: frames per second (e.g. 29.97...), 0 when unknown
    int sampleRate = 0;           // audio: Hz
    int channels = 0;             // audio: channel count
};

struct MediaInfo {
    std::string path;             // the file as given
    std::string format;           // container, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"
    double durationSeconds = -1;  // container duration, seconds; negative when unknown
    double startSeconds = 0;      // container start time, seconds
    std::vector<StreamInfo> streams;
};

MediaInfo probeMedia(const std::filesystem::path& path);
// Pretty JSON: {"path", "format", "duration", "start_time", "streams": [{"index", "type",
// "codec", "duration", "start_time", and "width", "height", "frame_rate" for video or
// "sample_rate", "channels" for audio}]}; unknown durations are null.
std::string mediaInfoToJson(const MediaInfo& info);

} // namespace soundframe
