#include "data/MediaFolderIndex.h"

#include "base/Error.h"
#include "data/ManifestText.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace soundframe {

namespace fs = std::filesystem;

bool MediaFolderIndex::isMediaExtension(std::string_view extension)
{
    static const char* const known[] = {
        ".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".wma", ".aif", ".aiff",
        ".caf", ".mka", ".ac3", ".mp2", ".mp4", ".m4v", ".mkv", ".webm", ".avi", ".mov", ".mpg",
        ".mpeg", ".ts", ".mts", ".flv", ".3gp", ".wmv", ".ogv"};
    const std::string lower = lowerAscii(extension);
    return std::any_of(std::begin(known), std::end(known), [&](const char* k) { return lower == k; });
}

MediaFolderIndex::MediaFolderIndex(const fs::path& folder)
{
    std::error_code ec;
    m_folder = fs::absolute(folder, ec).lexically_normal();
    if (m_folder.has_filename() == false && m_folder.has_parent_path() && m_folder != m_folder.root_path())
        m_folder = m_folder.parent_path();  // drop the trailing separator
    if (!fs::exists(m_folder, ec))
        throw Error(folder, "media folder does not exist");
    if (!fs::is_directory(m_folder, ec))
        throw Error(folder, "media folder is not a folder");

    fs::recursive_directory_iterator it(m_folder, fs::directory_options::skip_permission_denied, ec);
    if (ec)
        throw Error(folder, "cannot list media folder: " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            throw Error(folder, "cannot list media folder: " + ec.message());
        const auto name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
            if (it->is_directory(ec))
                it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec) || !isMediaExtension(it->path().extension().string()))
            continue;
        m_paths.push_back(it->path().string());
    }
    if (ec)
        throw Error(folder, "cannot list media folder: " + ec.message());

    std::sort(m_paths.begin(), m_paths.end());
    m_nameOffset.reserve(m_paths.size());
    m_byName.reserve(m_paths.size());
    for (uint32_t i = 0; i < m_paths.size(); ++i) {
        m_nameOffset.push_back(uint32_t(m_paths[i].rfind('/') + 1));
        m_byName.push_back(i);
        addKeys(i);
    }
    std::stable_sort(m_byName.begin(), m_byName.end(), [this](uint32_t a, uint32_t b) {
        return fileName(a) < fileName(b);
    });
    std::stable_sort(m_keys.begin(), m_keys.end(),
                     [this](const Key& a, const Key& b) { return keyText(a) < keyText(b); });
}

std::string_view MediaFolderIndex::fileName(uint32_t file) const
{
    return std::string_view(m_paths[file]).substr(m_nameOffset[file]);
}

std::string_view MediaFolderIndex::keyText(const Key& key) const
{
    return fileName(key.file).substr(key.offset, key.length);
}

// "30", "30.000", "30000": digits with an optional fraction.
static bool parseTime(std::string_view text, double& value, bool& integer)
{
    if (text.empty() || !(text[0] >= '0' && text[0] <= '9'))
        return false;
    const size_t dot = text.find('.');
    integer = dot == std::string_view::npos;
    for (size_t i = 0; i < text.size(); ++i)
        if (!(text[i] >= '0' && text[i] <= '9') && i != dot)
            return false;
    if (!integer && dot + 1 == text.size())
        return false;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

void MediaFolderIndex::addKeys(uint32_t file)
{
    const std::string_view name = fileName(file);
    const size_t dot = name.rfind('.');
    const std::string_view stem = name.substr(0, dot);
    if (stem.empty() || stem.size() > 0xFFFF)
        return;
    // Every reading is kept: an id may itself end in "_<digits>", and the lookup decides.
    auto add = [&](size_t length, bool timed, double start, bool integer) {
        if (length == 0)
            return;
        m_keys.push_back({file, 0, uint16_t(length), timed, integer, start});
        if (stem[0] == 'Y' && length > 1)
            m_keys.push_back({file, 1, uint16_t(length - 1), timed, integer, start});
    };
    add(stem.size(), false, 0.0, false);
    const size_t last = stem.rfind('_');
    if (last == std::string_view::npos)
        return;
    double value = 0.0;
    bool integer = false;
    if (!parseTime(stem.substr(last + 1), value, integer))
        return;
    add(last, true, value, integer);  // <id>_<start>
    const size_t before = stem.rfind('_', last == 0 ? 0 : last - 1);
    if (before == std::string_view::npos || before >= last)
        return;
    if (parseTime(stem.substr(before + 1, last - before - 1), value, integer))
        add(before, true, value, integer);  // <id>_<start>_<end>
}

std::optional<MediaFolderIndex::Match> MediaFolderIndex::findYoutube(std::string_view youtubeId,
                                                                     double startSeconds) const
{
    auto lo = std::lower_bound(m_keys.begin(), m_keys.end(), youtubeId,
                               [this](const Key& k, std::string_view id) { return keyText(k) < id; });
    const Key* timed = nullptr;
    const Key* plain = nullptr;
    for (auto it = lo; it != m_keys.end() && keyText(*it) == youtubeId; ++it) {
        if (!it->timed) {
            if (!plain || it->file < plain->file)
                plain = &*it;
            continue;
        }
        const bool seconds = std::abs(it->start - startSeconds) < 0.0005;
        const bool millis = it->integerStart && std::abs(it->start - startSeconds * 1000.0) < 0.5;
        if ((seconds || millis) && (!timed || it->file < timed->file))
            timed = &*it;
    }
    if (timed)
        return Match{m_paths[timed->file], true};
    if (plain)
        return Match{m_paths[plain->file], false};
    return std::nullopt;
}

std::optional<std::string> MediaFolderIndex::findFile(std::string_view fileName) const
{
    const size_t slash = fileName.rfind('/');
    const std::string_view base = slash == std::string_view::npos ? fileName : fileName.substr(slash + 1);
    auto lo = std::lower_bound(m_byName.begin(), m_byName.end(), base,
                               [this](uint32_t f, std::string_view n) { return this->fileName(f) < n; });
    std::optional<std::string> best;
    for (auto it = lo; it != m_byName.end() && this->fileName(*it) == base; ++it) {
        const std::string& path = m_paths[*it];
        if (slash != std::string_view::npos) {
            // "sub/x.wav" must match the tail of the path at a folder boundary.
            const std::string tail = "/" + std::string(fileName);
            if (path.size() < tail.size() || path.compare(path.size() - tail.size(), tail.size(), tail) != 0)
                continue;
        }
        if (!best || std::count(path.begin(), path.end(), '/') < std::count(best->begin(), best->end(), '/'))
            best = path;
    }
    return best;
}

} // namespace soundframe
