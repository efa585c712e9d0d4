#pragma once
// ClothoManifest: reads a Clotho captions CSV (file_name, caption_1 .. caption_5) and finds
// each audio file in a folder.
//
//   ClothoOptions options;
//   options.audioFolder = "/data/clotho/evaluation";
//   ManifestContents eval = ClothoManifest::read("/data/clotho/clotho_captions_evaluation.csv", options);
//   // eval.clips[0]: id "Santa Motor.wav", 5 captions, whole file (start 0, end -1), split "test"
//
// Every clip is a whole file. The id is the file_name. Any number of caption_N columns is
// accepted; empty captions are dropped. File names are matched exactly (spaces, quotes,
// commas and non-ASCII letters included) by MediaFolderIndex::findFile; audio is never opened.
// Skipped (file:line and reason): malformed rows, wrong field count, empty file_name, no
// caption, a repeated file_name (the later row), a missing audio file. Throws Error for an
// unreadable file or a header without file_name or caption columns.
#include "data/ManifestContents.h"

#include <filesystem>
#include <string>

namespace soundframe {

class MediaFolderIndex;

struct ClothoOptions {
    std::filesystem::path audioFolder;  // where the audio files are (searched recursively); empty: the CSV's folder
    std::string split;                  // given to every clip; empty: from the CSV name, development -> "train",
                                        // validation -> "val", evaluation -> "test", else empty
};

class ClothoManifest {
public:
    static ManifestContents read(const std::filesystem::path& csv, const ClothoOptions& options = {});
    static ManifestContents read(const std::filesystem::path& csv, const ClothoOptions& options,
                                 const MediaFolderIndex& audio);
    // "train" / "val" / "test" for names containing development / validation / evaluation.
    static std::string splitFromName(const std::filesystem::path& csv);
};

} // namespace soundframe
