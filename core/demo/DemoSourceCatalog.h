#pragma once
// DemoSourceCatalog: finds the demo world's sources in the Debian packages that ship real
// recordings and pictures (gcompris-qt-data, wesnoth-1.16-data, sound-theme-freedesktop,
// tuxpaint-stamps-default).
//
//   DemoSourceCatalog catalog = DemoSourceCatalog::discover({}, "world/sources");
//   DemoSourceCatalog::discover({}, "world/sources", {"gcompris-qt-data"});   // only these packages
//   for (const DemoSource& s : catalog.sources()) ...;
//   catalog.countsByPackage();   // {"gcompris-qt-data": {classes, recordings, pictures}, ...}
//
// gcompris' files live in Qt resource bundles (.rcc); the ones used are copied once into
// `extractFolder` (kept between runs, rewritten only when missing or of another size) so that
// FFmpeg can open them. The other packages' files are used where they are installed.
// Classes from several packages with one name are merged (gcompris' horse and wesnoth's horse);
// Tux Paint's stamps add second and third recordings, each with its picture, to classes the others
// have only one of (its pig, hen, sheep...), so that more classes are heard in every split.
// A package that is not installed adds nothing and is listed in missingPackages(). Only files
// named in the built-in tables are used (what they sound like must be known for captions). Links
// naming a file a class already has (freedesktop's aliases) are left out: one sound, one recording,
// so one sound never lands in two splits.
// Throws Error only when `extractFolder` cannot be written. Not thread-safe (QResource).
#include "demo/DemoSource.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace soundframe {

struct DemoPackageRoots {
    std::filesystem::path gcomprisRcc = "/usr/share/gcompris-qt/rcc";                 // *.rcc bundles
    std::filesystem::path wesnothData = "/usr/share/games/wesnoth/1.16/data/core";    // sounds/, images/units/
    std::filesystem::path freedesktopSounds = "/usr/share/sounds/freedesktop/stereo"; // *.oga
    std::filesystem::path tuxpaintStamps = "/usr/share/tuxpaint/stamps";               // NAME.ogg/.png/.txt
    // Everything wesnoth-1.16-data installs (DemoSoundLibrary indexes every sound in it).
    std::filesystem::path wesnothTree = "/usr/share/games/wesnoth/1.16";
};

struct DemoPackageCount {
    int classes = 0;     // classes this package contributes to
    int recordings = 0;  // recordings found in it
    int pictures = 0;    // pictures found in it
};

class DemoSourceCatalog {
public:
    // Every package the catalog knows, in the order discover() reads them.
    static const std::vector<std::string>& knownPackages();
    // `packages`: the ones to draw from (each must be known; empty: all); the others add nothing and
    // are not counted as missing.
    static DemoSourceCatalog discover(const DemoPackageRoots& roots, const std::filesystem::path& extractFolder,
                                      const std::vector<std::string>& packages = knownPackages());
    // A catalog of given sources (tests, or worlds from other media).
    explicit DemoSourceCatalog(std::vector<DemoSource> sources = {});

    const std::vector<DemoSource>& sources() const { return m_sources; }
    const std::map<std::string, DemoPackageCount>& countsByPackage() const { return m_counts; }
    const std::vector<std::string>& missingPackages() const { return m_missing; }
    int recordingCount() const;
    int pictureCount() const;

private:
    bool wants(const std::string& package) const;
    void add(const std::string& package, DemoSource source);

    std::vector<DemoSource> m_sources;
    std::map<std::string, DemoPackageCount> m_counts;
    std::vector<std::string> m_missing;
    std::vector<std::string> m_wanted;  // discover()'s packages; empty: every package
};

} // namespace soundframe
