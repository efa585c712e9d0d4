#pragma once
// AudioCapsManifest: reads an AudioCaps CSV (audiocap_id, youtube_id, start_time, caption)
// and finds each clip's media in a folder.
//
//   AudioCapsOptions options;
//   options.mediaFolder = "/data/audiocaps/test";
//   ManifestContents test = AudioCapsManifest::read("/data/audiocaps/test.csv", options);
//   // test.clips[0]: id "--0w1YA1Hm4_30", 5 captions, mediaPath ".../--0w1YA1Hm4.wav", [0, 10)
//
// Rows with the same youtube_id and start_time are one clip with several captions (the test
// set has 5 per clip), kept in the order of the rows; clips keep the order they first appear
// in. The clip id is "<youtube_id>_<start>" with start in seconds ("--0w1YA1Hm4_30"). Media
// are looked up by MediaFolderIndex (all its naming variants); media are never opened.
// Skipped (file:line and reason): malformed rows, wrong field count, a start_time that is not
// a number or negative, an empty id or caption, a repeated audiocap_id (the later row), and
// clips with no media file. Throws Error for an unreadable file or a header lacking a column.
#include "data/ManifestContents.h"

#include <filesystem>
#include <string>

namespace soundframe {

class MediaFolderIndex;

struct AudioCapsOptions {
    std::filesystem::path mediaFolder;  // where the media are (searched recursively); empty: the CSV's folder
    bool mediaIsPreCut = true;          // true: files are the 10-s segments, window [0, clipSeconds);
                                        // false: full videos, window [start, start + clipSeconds)
                                        // (a file named with its start time is always taken as the segment)
    double clipSeconds = 10.0;          // length of an AudioCaps clip, seconds
    std::string split;                  // given to every clip; empty: "train", "val" or "test" when the
                                        // CSV's name contains it, else left empty
};

class AudioCapsManifest {
public:
    static ManifestContents read(const std::filesystem::path& csv, const AudioCapsOptions& options = {});
    // The same with an index already built (several manifests sharing one media folder).
    static ManifestContents read(const std::filesystem::path& csv, const AudioCapsOptions& options,
                                 const MediaFolderIndex& media);
    // "train", "val", "test" from a CSV name such as "train.csv" or "audiocaps_val.csv"; else "".
    static std::string splitFromName(const std::filesystem::path& csv);
};

} // namespace soundframe
