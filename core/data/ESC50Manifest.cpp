#include "data/ESC50Manifest.h"

namespace soundframe {

const FoldedClassLayout& ESC50Manifest::layout()
{
    static const FoldedClassLayout esc50{"ESC-50", "filename", "fold", "category", false};
    return esc50;
}

ManifestContents ESC50Manifest::read(const std::filesystem::path& csv, const FoldedClassOptions& options)
{
    return FoldedClassManifest::read(csv, layout(), options);
}

} // namespace soundframe
