#pragma once
// ManifestContents: what reading a manifest gives, whatever its format.
//
//   ManifestContents contents = loadManifest("audiocaps/test.csv", options);
//   train(contents.clips);
//   for (const auto& s : contents.skipped) log(s.where + ": " + s.reason);
//
// `clips` keeps the manifest's order (first appearance of each clip); `skipped` lists every
// line or clip left out, in the order met.
#include "data/ClipRecord.h"
#include "data/SkipRecord.h"

#include <vector>

namespace soundframe {

struct ManifestContents {
    std::vector<ClipRecord> clips;     // loaded clips, media paths absolute
    std::vector<SkipRecord> skipped;   // lines or clips left out, with the reason
    bool audioOnly = false;            // the dataset has no video (ESC-50, UrbanSound8K): prepare stores audio only
};

} // namespace soundframe
