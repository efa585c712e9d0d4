#include "data/UrbanSound8KManifest.h"

namespace soundframe {

const FoldedClassLayout& UrbanSound8KManifest::layout()
{
    static const FoldedClassLayout us8k{"UrbanSound8K", "slice_file_name", "fold", "class", true};
    return us8k;
}

ManifestContents UrbanSound8KManifest::read(const std::filesystem::path& csv, const FoldedClassOptions& options)
{
    return FoldedClassManifest::read(csv, layout(), options);
}

} // namespace soundframe
