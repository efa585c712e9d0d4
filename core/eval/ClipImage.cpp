#include "ClipImage.h"

namespace soundframe {

std::string clipImageName(ClipImage image)
{
    switch (image) {
    case ClipImage::Middle: return "middle";
    case ClipImage::Mean: return "mean";
    case ClipImage::Best: return "best";
    }
    return "middle";
}

std::optional<ClipImage> parseClipImage(const std::string& name)
{
    for (const auto image : {ClipImage::Middle, ClipImage::Mean, ClipImage::Best})
        if (clipImageName(image) == name)
            return image;
    return std::nullopt;
}

} // namespace soundframe
