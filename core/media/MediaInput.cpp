#include "MediaInput.h"

#include "base/Error.h"

#include <sys/stat.h>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

namespace soundframe {

namespace {
// FFmpeg's default cap on one allocation is INT_MAX: a 197-byte WAV claiming a 1.9 GHz sample
// rate made the demuxer allocate ~2 GB (found by fuzz_media_probe). No sane frame or packet
// needs more than this (an 8K RGBA frame is 133 MB).
constexpr size_t kMaxFfmpegAllocation = size_t(512) << 20;
}

std::string ffmpegErrorText(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

MediaInput::MediaInput(const std::filesystem::path& path) : m_path(path)
{
    // FFmpeg's own messages for these cases are vague ("No such file or directory" at best),
    // so the common ones are diagnosed before it is asked.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error(path, "file not found");
    if (S_ISDIR(st.st_mode))
        throw Error(path, "is a folder, not a media file");
    if (st.st_size == 0)
        throw Error(path, "empty file (0 bytes)");

    static const bool allocationCapped = [] {
        av_max_alloc(kMaxFfmpegAllocation);
        return true;
    }();
    (void)allocationCapped;
    const int opened = avformat_open_input(&m_format, path.c_str(), nullptr, nullptr);
    if (opened < 0) {
        m_format = nullptr;
        throw Error(path, "cannot open as media: " + ffmpegErrorText(opened));
    }
    const int found = avformat_find_stream_info(m_format, nullptr);
    if (found < 0) {
        avformat_close_input(&m_format);
        throw Error(path, "cannot read stream information: " + ffmpegErrorText(found));
    }
}

MediaInput::~MediaInput()
{
    if (m_format)
        avformat_close_input(&m_format);
}

int MediaInput::bestStream(AVMediaType type) const
{
    const int index = av_find_best_stream(m_format, type, -1, -1, nullptr, 0);
    return index >= 0 ? index : -1;
}

double MediaInput::durationSeconds() const
{
    if (m_format->duration != AV_NOPTS_VALUE && m_format->duration > 0)
        return double(m_format->duration) / AV_TIME_BASE;
    double longest = -1.0;
    for (unsigned i = 0; i < m_format->nb_streams; ++i) {
        const AVStream* s = m_format->streams[i];
        if (s->duration != AV_NOPTS_VALUE && s->duration > 0)
            longest = std::max(longest, double(s->duration) * av_q2d(s->time_base));
    }
    return longest;
}

} // namespace soundframe
