#include "LibraryVersions.h"

#include <sndfile.h>
#include <torch/version.h>

extern "C" {
#include <libavutil/avutil.h>
}

namespace soundframe {

std::vector<std::pair<std::string, std::string>> libraryVersions()
{
    return {
        {"LibTorch", TORCH_VERSION},
        {"FFmpeg", av_version_info()},
        {"libsndfile", sf_version_string()},
    };
}

} // namespace soundframe
