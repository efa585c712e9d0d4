#pragma once
// AlignmentFile: Evaluator's OUT/alignment.json — every evaluated clip's alignment curves — written
// and read back in one place (the demo scores them against its ground truth).
//
//   AlignmentFile file;
//   file.segmentSeconds = 1.0;
//   file.clips.push_back({"clip-00042", clip.frameSeconds, computeClipAlignment(f, clip, 1.0, device)});
//   writeFileAtomically(out / "alignment.json", file.toJson());
//   AlignmentFile again = AlignmentFile::read(out / "alignment.json");
//
// JSON: {"segment_seconds": S, "clips": [{"clip", "frame_seconds" [L], "audio_to_frame" [L],
// "segment_to_frame" [L][L], "argmax_frame"}]}. read() throws Error naming the file when it is
// missing or not this layout.
#include "ClipAlignment.h"

#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct ClipAlignmentRecord {
    std::string clip;                  // clip id
    std::vector<double> frameSeconds;  // [L] frame times in the source video
    ClipAlignment alignment;
};

struct AlignmentFile {
    double segmentSeconds = 1.0;  // length of the audio segments of segmentToFrame
    std::vector<ClipAlignmentRecord> clips;

    std::string toJson() const;  // indented, ending in a newline
    static AlignmentFile read(const std::filesystem::path& file);
};

} // namespace soundframe
