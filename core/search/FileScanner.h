#pragma once
// FileScanner: the sound and video files under some folders, with what change detection needs.
//
//   std::vector<FileScanner::Problem> problems;
//   auto files = FileScanner::scan({"/usr/share/sounds", "song.flac"}, problems);  // sorted by path
//   std::string h = FileScanner::contentHash(files[0].path);                         // 16 hex digits
//
// A root may be a folder (walked recursively, following links to files and to folders) or a single
// file (taken whatever its extension). Each real folder is walked once, whatever the links leading to
// it: a loop of links ends, and a file reached through several linked folders is listed once, under
// the first of its paths in name order. A link to a file is a second name and listed as a file of
// its own (sound themes alias one recording under several event names). Inside folders only files
// with a known media extension (case-insensitive: wav flac ogg oga opus mp3 m4a aac wma aif aiff au
// caf mp4 m4v mkv webm mov avi mpg mpeg flv 3gp ts) are kept. Paths are absolute and normalised. Folders that
// cannot be read, missing roots and broken links to media files go to `problems` instead of
// stopping the scan.
// contentHash is FNV-1a 64 over the whole file; throws Error naming the file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

class FileScanner {
public:
    struct File {
        std::filesystem::path path;  // absolute
        int64_t size = 0;            // bytes
        int64_t mtimeNs = 0;         // last modification, ns since the file clock's epoch
    };
    struct Problem {
        std::string path;
        std::string reason;
    };

    static std::vector<File> scan(const std::vector<std::filesystem::path>& roots, std::vector<Problem>& problems);
    static bool hasMediaExtension(const std::filesystem::path& path);
    static std::string contentHash(const std::filesystem::path& path);
    // Size and mtime of one file; throws Error when it cannot be stat'ed.
    static File stat(const std::filesystem::path& path);
};

} // namespace soundframe
