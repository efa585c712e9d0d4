#pragma once
// MediaFolderIndex: the audio and video files under a folder, listed once, found by file name
// or by YouTube id and segment start the way datasets name their downloads.
//
//   MediaFolderIndex media("/data/audiocaps/test");          // walks the folder once
//   if (auto m = media.findYoutube("--0w1YA1Hm4", 30.0)) open(m->path);
//   if (auto p = media.findFile("Santa Motor.wav")) open(*p);
//
// YouTube names accepted (any extension from isMediaExtension, case-insensitive):
//   <id>.ext   Y<id>.ext   <id>_<start>.ext   <id>_<start>_<end>.ext   Y<id>_<start>_<end>.ext
// where start/end are whole seconds ("30"), decimal seconds ("30.000") or whole milliseconds
// ("30000"). A name that carries a start matches only that start (within 0.5 ms); a name
// without one matches any start. The lookup never touches the disk. Hidden files and folders
// (names starting with '.') are not listed. Read-only after construction: safe to share
// between threads.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soundframe {

class MediaFolderIndex {
public:
    struct Match {
        std::string path;        // absolute, normalised
        bool namedAsSegment;     // the name carries the start time: the file is that segment alone
    };

    // Lists `folder` recursively; throws Error(folder, ...) if it is missing or not a folder.
    explicit MediaFolderIndex(const std::filesystem::path& folder);

    const std::filesystem::path& folder() const { return m_folder; }
    size_t fileCount() const { return m_paths.size(); }

    // The file for YouTube video `youtubeId` at `startSeconds`, or nullopt. A file named with
    // that start wins over a file named with the id alone; ties go to the first path in order.
    std::optional<Match> findYoutube(std::string_view youtubeId, double startSeconds) const;
    // The file named `fileName` (with its extension; may start with sub-folders), or nullopt;
    // several files of that name in different sub-folders: the shallowest, then the first.
    std::optional<std::string> findFile(std::string_view fileName) const;

    // Common audio and video extensions (".wav", ".flac", ".mp4", ...), case-insensitive.
    static bool isMediaExtension(std::string_view extension);

private:
    // One reading of a file name as "<key>[_<start>[_<end>]]"; the key is a slice of the stem.
    struct Key {
        uint32_t file = 0;
        uint16_t offset = 0;     // from the start of the stem
        uint16_t length = 0;
        bool timed = false;      // the name carries a start
        bool integerStart = false;
        double start = 0.0;      // as written: seconds or milliseconds
    };
    std::string_view keyText(const Key& key) const;
    std::string_view fileName(uint32_t file) const;
    void addKeys(uint32_t file);

    std::filesystem::path m_folder;
    std::vector<std::string> m_paths;      // sorted
    std::vector<uint32_t> m_nameOffset;    // where the file name starts in m_paths[i]
    std::vector<Key> m_keys;               // sorted by keyText
    std::vector<uint32_t> m_byName;        // file indices sorted by file name
};

} // namespace soundframe
