#pragma once
// QtResourceBundle: a Qt resource bundle (.rcc, the form gcompris-qt-data ships its media in),
// registered while the object lives, and files copied out of it so that FFmpeg can open them.
//
//   QtResourceBundle bundle("/usr/share/gcompris-qt/rcc/core.rcc", "/library/core");
//   if (bundle.isOpen())
//       for (const std::string& resource : bundle.files())   // ":/library/core/gcompris/src/..."
//           QtResourceBundle::copyOut(resource, "out" / bundle.relativePath(resource));
//
// With an empty root the bundle's files appear under ":/" (its own paths), mixed with every other
// bundle registered that way; files() then lists all of them. A bundle that cannot be read is not
// open, and lists nothing. Not thread-safe (QResource's registry is process-wide).
#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

class QtResourceBundle {
public:
    explicit QtResourceBundle(const std::filesystem::path& rccFile, const std::string& root = "");
    ~QtResourceBundle();
    QtResourceBundle(const QtResourceBundle&) = delete;
    QtResourceBundle& operator=(const QtResourceBundle&) = delete;

    bool isOpen() const { return m_open; }
    // Every file under the bundle's root, as resource paths, sorted.
    std::vector<std::string> files() const;
    // `resource` without ":" + root + "/": the bundle's own path of the file.
    std::string relativePath(const std::string& resource) const;

    // Copies `resource` to `target` unless a copy of the same size is there already (written under a
    // temporary name, then renamed). False when there is no such resource; throws Error naming
    // `target` when it cannot be written.
    static bool copyOut(const std::string& resource, const std::filesystem::path& target);
    // The bytes of `resource`, or "" when there is none.
    static std::string readAll(const std::string& resource);

private:
    std::string m_file;
    std::string m_root;
    bool m_open = false;
};

} // namespace soundframe
