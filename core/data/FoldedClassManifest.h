#pragma once
// FoldedClassManifest: the shape ESC-50 and UrbanSound8K share — a CSV with one audio file per row,
// its class name and its cross-validation fold, and an audio folder beside the CSV's folder.
// ESC50Manifest and UrbanSound8KManifest are this reader with their dataset's layout.
//
//   FoldedClassLayout layout{"ESC-50", "filename", "fold", "category", false};
//   ManifestContents c = FoldedClassManifest::read("ESC-50-master/meta/esc50.csv", layout, {});
//   // c.clips[0]: id "1-100032-A-0.wav", labels {"dog"}, fold 1, whole file; c.audioOnly
//
// Every clip is a whole audio file; its id is the file name, its one label the class column with
// '_' turned into spaces ("chirping_birds" -> "chirping birds", as prompts read it), its fold the
// fold column (a whole number >= 1). Files are found by MediaFolderIndex in the audio folder, under
// "fold<N>/" when the layout says so. Other columns are ignored. Skipped (file:line and reason):
// malformed rows, wrong field count, an empty file name or class, a fold that is not a whole number
// >= 1, a repeated file name (the later row), a listed audio file that does not exist (the reason
// names it and the folder searched). Throws Error naming the CSV when it cannot be read, is empty, or
// its header lacks a required column; Error naming the folder when the audio folder is missing.
#include "data/ManifestContents.h"

#include <filesystem>
#include <string>

namespace soundframe {

class MediaFolderIndex;

struct FoldedClassLayout {
    std::string dataset;        // for messages: "ESC-50", "UrbanSound8K"
    std::string fileColumn;     // header name of the audio file name column
    std::string foldColumn;     // header name of the fold column
    std::string classColumn;    // header name of the class name column
    bool foldSubfolders = false;  // true: audio at <audio>/fold<N>/<file> (UrbanSound8K)
};

struct FoldedClassOptions {
    std::filesystem::path audioFolder;  // empty: "<CSV's folder>/../audio" (the datasets' own layout),
                                        // or the CSV's folder when there is no such folder
    std::string split;                  // given to every clip; empty: none (folds, not splits, partition these sets)
};

class FoldedClassManifest {
public:
    static ManifestContents read(const std::filesystem::path& csv, const FoldedClassLayout& layout,
                                 const FoldedClassOptions& options);
    static ManifestContents read(const std::filesystem::path& csv, const FoldedClassLayout& layout,
                                 const FoldedClassOptions& options, const MediaFolderIndex& audio);
    // The audio folder `options` names, or the default one for `csv`.
    static std::filesystem::path audioFolderFor(const std::filesystem::path& csv, const FoldedClassOptions& options);
};

} // namespace soundframe
