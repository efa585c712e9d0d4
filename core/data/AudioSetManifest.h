#pragma once
// AudioSetManifest: reads an AudioSet segment CSV (eval_segments.csv, balanced_train_segments.csv,
// ...) and finds each segment's media in a folder; optionally names the labels.
//
//   AudioSetOptions options;
//   options.mediaFolder = "/data/audioset/eval";
//   options.classLabels = "/data/audioset/class_labels_indices.csv";
//   ManifestContents eval = AudioSetManifest::read("/data/audioset/eval_segments.csv", options);
//   // eval.clips[0]: id "--PJHxphWEs_30", labels {"Speech", "Gush"}, window [0, 10)
//
// The format: comment lines starting with '#' (the header is one: "# YTID, start_seconds,
// end_seconds, positive_labels"), then rows like
//   --PJHxphWEs, 30.000, 40.000, "/m/09x0r,/t/dd00088"
// with spaces after the commas and the labels as one quoted, comma-separated list. An
// uncommented "YTID,start_seconds,..." header line is accepted too. The clip id is
// "<YTID>_<start>". Labels keep their order; with classLabels, ontology ids become display
// names (an id missing from that list stays as it is). Media are found by MediaFolderIndex and
// never opened. Skipped (file:line and reason): malformed rows, wrong field count, numbers that
// do not parse, end <= start, no label, a repeated segment (the later row), no media file;
// malformed lines of the class list too. Throws Error for an unreadable manifest or class list.
#include "data/ManifestContents.h"

#include <filesystem>
#include <map>
#include <string>

namespace soundframe {

class MediaFolderIndex;

struct AudioSetOptions {
    std::filesystem::path mediaFolder;   // where the media are (searched recursively); empty: the CSV's folder
    bool mediaIsPreCut = true;           // true: files are the segments, window [0, end - start);
                                         // false: full videos, window [start, end)
                                         // (a file named with its start time is always taken as the segment)
    std::filesystem::path classLabels;   // class_labels_indices.csv (index,mid,display_name); empty: keep ids
    std::string split;                   // given to every clip; empty: "test" for names containing "eval",
                                         // "train" for names containing "train", else empty
};

class AudioSetManifest {
public:
    static ManifestContents read(const std::filesystem::path& csv, const AudioSetOptions& options = {});
    static ManifestContents read(const std::filesystem::path& csv, const AudioSetOptions& options,
                                 const MediaFolderIndex& media);
    // mid -> display_name from class_labels_indices.csv; malformed lines go to `skipped`.
    static std::map<std::string, std::string> readClassLabels(const std::filesystem::path& csv,
                                                              std::vector<SkipRecord>& skipped);
    static std::string splitFromName(const std::filesystem::path& csv);
};

} // namespace soundframe
