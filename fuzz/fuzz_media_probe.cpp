// probeMedia (FFmpeg demuxing and stream info) over an arbitrary file; the first byte picks the
// extension, since FFmpeg's format guess looks at it.
#include "FuzzSupport.h"
#include "base/Error.h"
#include "media/MediaProbe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    static const char* extensions[] = {".wav", ".mp4", ".flac", ".ogg", ".mkv", ".mp3", ".bin", ".png"};
    const auto path = fuzz::writeTempFile(data + 1, size - 1, extensions[data[0] & 7], "media");
    try {
        auto info = soundframe::probeMedia(path);
        auto json = soundframe::mediaInfoToJson(info);
        (void)json;
    } catch (const soundframe::Error&) {
    }
    return 0;
}
