#pragma once
// DemoSoundLibrary: every sound file the demo's Debian packages ship, as folders a library index
// walks. The world uses only the recordings it can caption; search is tested against all of them,
// the rest as distractors.
//
//   const auto folders = DemoSoundLibrary::folders({}, "demo-out/library");
//   LibraryIndex(indexDir, model).add(folders);
//
// gcompris-qt-data keeps its sounds inside Qt resource bundles (.rcc), which FFmpeg cannot open:
// every file with a media extension (FileScanner::hasMediaExtension) in every bundle is copied to
// EXTRACT/gcompris/<bundle name>/<its path in the bundle>, and rewritten only when missing or of
// another size, so a second call copies nothing. wesnoth-1.16-data (DemoPackageRoots::wesnothTree)
// and sound-theme-freedesktop are indexed where they are installed. A package that is not installed
// adds no folder; an unreadable bundle is left out. Throws Error naming the file when EXTRACT cannot
// be written. Not thread-safe (QResource).
#include "demo/DemoSourceCatalog.h"

#include <filesystem>
#include <vector>

namespace soundframe {

class DemoSoundLibrary {
public:
    static std::vector<std::filesystem::path> folders(const DemoPackageRoots& roots,
                                                      const std::filesystem::path& extractFolder);
};

} // namespace soundframe
