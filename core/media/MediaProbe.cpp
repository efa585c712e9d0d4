#include "MediaProbe.h"

#include "MediaInput.h"

#include <nlohmann/json.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
}

namespace soundframe {

namespace {
std::string typeName(AVMediaType type)
{
    const char* name = av_get_media_type_string(type);
    return name ? name : "unknown";
}

nlohmann::ordered_json secondsOrNull(double seconds)
{
    return seconds >= 0 ? nlohmann::ordered_json(seconds) : nlohmann::ordered_json(nullptr);
}
} // namespace

MediaInfo probeMedia(const std::filesystem::path& path)
{
    MediaInput input(path);
    const AVFormatContext* fmt = input.format();
    MediaInfo info;
    info.path = path.string();
    info.format = fmt->iformat->name;
    info.durationSeconds = input.durationSeconds();
    info.startSeconds = fmt->start_time != AV_NOPTS_VALUE ? double(fmt->start_time) / AV_TIME_BASE : 0.0;
    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        const AVStream* st = fmt->streams[i];
        const AVCodecParameters* par = st->codecpar;
        StreamInfo s;
        s.index = int(i);
        s.type = typeName(par->codec_type);
        s.codec = avcodec_get_name(par->codec_id);
        if (st->duration != AV_NOPTS_VALUE && st->duration >= 0)
            s.durationSeconds = double(st->duration) * av_q2d(st->time_base);
        if (st->start_time != AV_NOPTS_VALUE)
            s.startSeconds = double(st->start_time) * av_q2d(st->time_base);
        if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
            s.width = par->width;
            s.height = par->height;
            AVRational rate = st->avg_frame_rate;
            if (rate.num <= 0 || rate.den <= 0)
                rate = st->r_frame_rate;
            s.frameRate = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
        } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
            s.sampleRate = par->sample_rate;
            s.channels = par->ch_layout.nb_channels;
        }
        info.streams.push_back(s);
    }
    return info;
}

std::string mediaInfoToJson(const MediaInfo& info)
{
    nlohmann::ordered_json streams = nlohmann::ordered_json::array();
    for (const auto& s : info.streams) {
        nlohmann::ordered_json j;
        j["index"] = s.index;
        j["type"] = s.type;
        j["codec"] = s.codec;
        j["duration"] = secondsOrNull(s.durationSeconds);
        j["start_time"] = s.startSeconds;
        if (s.type == "video") {
            j["width"] = s.width;
            j["height"] = s.height;
            j["frame_rate"] = s.frameRate;
        } else if (s.type == "audio") {
            j["sample_rate"] = s.sampleRate;
            j["channels"] = s.channels;
        }
        streams.push_back(j);
    }
    nlohmann::ordered_json root;
    root["path"] = info.path;
    root["format"] = info.format;
    root["duration"] = secondsOrNull(info.durationSeconds);
    root["start_time"] = info.startSeconds;
    root["streams"] = streams;
    // JSON is Unicode: a file name that is not UTF-8 is shown with U+FFFD instead of failing.
    return root.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace soundframe
