#include "demo/DemoSoundLibrary.h"

#include "demo/QtResourceBundle.h"
#include "search/FileScanner.h"

#include <algorithm>

namespace soundframe {

namespace fs = std::filesystem;

std::vector<fs::path> DemoSoundLibrary::folders(const DemoPackageRoots& roots, const fs::path& extractFolder)
{
    std::vector<fs::path> out;
    std::error_code error;
    std::vector<fs::path> bundles;
    for (const auto& entry : fs::directory_iterator(roots.gcomprisRcc, error))
        if (entry.path().extension() == ".rcc")
            bundles.push_back(entry.path());
    std::sort(bundles.begin(), bundles.end());
    const fs::path gcompris = extractFolder / "gcompris";
    bool extracted = false;
    for (const auto& file : bundles) {
        // A root of its own per bundle, so that its files can be listed apart from the others'.
        const std::string name = file.stem().string();
        const QtResourceBundle bundle(file, "/soundframe-library/" + name);
        for (const std::string& resource : bundle.files())
            if (FileScanner::hasMediaExtension(resource))
                extracted |= QtResourceBundle::copyOut(resource, gcompris / name / bundle.relativePath(resource));
    }
    if (extracted)
        out.push_back(gcompris);
    for (const fs::path& installed : {roots.wesnothTree, roots.freedesktopSounds})
        if (fs::is_directory(installed, error))
            out.push_back(installed);
    return out;
}

} // namespace soundframe
