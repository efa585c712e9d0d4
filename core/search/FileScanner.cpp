#include "FileScanner.h"

#include "base/Error.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
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
    std::set<fs::path> seen;
    const auto take = [&](const fs::path& p) {
        try {
            File f = stat(p);
            if (seen.insert(f.path).second)
                files.push_back(std::move(f));
        } catch (const Error& e) {
            problems.push_back({p.string(), e.reason()});
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
            take(root);
            continue;
        }
        if (!fs::is_directory(status)) {
            problems.push_back({root.string(), "neither a file nor a folder"});
            continue;
        }
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
        if (ec) {
            problems.push_back({root.string(), "cannot read folder: " + ec.message()});
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) {
                problems.push_back({it->path().string(), "cannot read: " + ec.message()});
                ec.clear();
                continue;
            }
            std::error_code sec;
            if (!it->is_regular_file(sec) || !hasMediaExtension(it->path()))
                continue;
            take(it->path());
        }
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
