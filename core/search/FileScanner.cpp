#include "FileScanner.h"

#include "base/Error.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <set>

namespace soundframe {

namespace {
namespace fs = std::filesystem;

const std::set<std::string>& mediaExtensions()
{
    static const std::set<std::string> extensions{".wav", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".m4a",
        ".aac", ".wma", ".aif", ".aiff", ".au", ".caf", ".mp4", ".m4v", ".mkv", ".webm", ".mov", ".avi", ".mpg",
        ".mpeg", ".flv", ".3gp", ".ts"};
    return extensions;
}
} // namespace

bool FileScanner::hasMediaExtension(const fs::path& path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return mediaExtensions().count(ext) > 0;
}

FileScanner::File FileScanner::stat(const fs::path& path)
{
    std::error_code ec;
    File f;
    f.path = fs::absolute(path, ec).lexically_normal();
    f.size = int64_t(fs::file_size(f.path, ec));
    if (ec)
        throw Error(path, "cannot read: " + ec.message());
    const auto time = fs::last_write_time(f.path, ec);
    if (ec)
        throw Error(path, "cannot read: " + ec.message());
    f.mtimeNs = int64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count());
    return f;
}

std::vector<FileScanner::File> FileScanner::scan(const std::vector<fs::path>& roots, std::vector<Problem>& problems)
{
    std::vector<File> files;
    // A file is known by its real folder and its name: reached again through a linked folder it is
    // the same entry, while a link to a file (a second name, as freedesktop's aliases) stays a file.
    std::set<fs::path> seen;
    std::set<fs::path> walked;  // real paths of the folders walked so far, over all roots
    const auto take = [&](const fs::path& p, const fs::path& realFolder) {
        try {
            File f = stat(p);
            if (seen.insert(realFolder / f.path.filename()).second)
                files.push_back(std::move(f));
        } catch (const Error& e) {
            problems.push_back({p.string(), e.reason()});
        }
    };
    // Depth first in name order, so which path a folder reached twice is listed under does not depend
    // on the order the file system returns entries in.
    const std::function<void(const fs::path&)> walk = [&](const fs::path& folder) {
        std::error_code ec;
        const fs::path real = fs::canonical(folder, ec);
        if (ec) {
            problems.push_back({folder.string(), "cannot read folder: " + ec.message()});
            return;
        }
        // Walked already: through another link, or this link leads back up (a loop).
        if (!walked.insert(real).second)
            return;
        std::vector<fs::directory_entry> entries;
        fs::directory_iterator it(folder, ec), end;
        for (; !ec && it != end; it.increment(ec))
            entries.push_back(*it);
        if (ec) {
            problems.push_back({folder.string(), "cannot read folder: " + ec.message()});
            return;
        }
        std::sort(entries.begin(), entries.end(),
                  [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
        for (const auto& entry : entries) {
            std::error_code sec;
            const auto status = entry.status(sec);  // through links
            if (fs::is_directory(status))
                walk(entry.path());
            else if (fs::is_regular_file(status) && hasMediaExtension(entry.path()))
                take(entry.path(), real);
            else if (!fs::exists(status) && entry.is_symlink(sec) && hasMediaExtension(entry.path()))
                problems.push_back({entry.path().string(), "broken link"});
        }
    };
    for (const auto& root : roots) {
        std::error_code ec;
        const auto status = fs::status(root, ec);
        if (ec || !fs::exists(status)) {
            problems.push_back({root.string(), "does not exist"});
            continue;
        }
        if (fs::is_regular_file(status)) {
            const fs::path folder = fs::absolute(root, ec).lexically_normal().parent_path();
            take(root, fs::weakly_canonical(folder, ec));
            continue;
        }
        if (!fs::is_directory(status)) {
            problems.push_back({root.string(), "neither a file nor a folder"});
            continue;
        }
        walk(root);
    }
    std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.path < b.path; });
    return files;
}

std::string FileScanner::contentHash(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open");
    uint64_t hash = 1469598103934665603ull;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), std::streamsize(buffer.size()));
        const auto n = in.gcount();
        for (std::streamsize i = 0; i < n; ++i)
            hash = (hash ^ static_cast<unsigned char>(buffer[size_t(i)])) * 1099511628211ull;
    }
    if (in.bad())
        throw Error(path, "read failed");
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hash);
    return hex;
}

} // namespace soundframe
