#pragma once
// DemoWorldBuilder: composes the demo world, short videos of real recordings and pictures with
// ground truth, from a DemoSourceCatalog.
//
//   DemoWorldBuilder builder(DemoSourceCatalog::discover({}, "world/sources"), DemoWorldParams{});
//   DemoWorldSummary summary = builder.build("world", hooks);
//
// Writes into the folder:
//   videos/<split>-<nnnnn>.mp4   frameSize^2 H.264 + AAC mono (VideoWriter), clipSeconds long
//   manifest-{train,val,test}.jsonl (JsonlManifest): 3-5 captions, labels, split, and the
//       events with start/end (seconds) and visibleFrames: indices l of the 1-fps frames, taken
//       at (l + 0.5) s (ClipTimeline), on which the event's source is on screen
//   image-captions.jsonl   {"path","label","captions"} (path relative to the folder, or absolute
//       outside it) per picture shown in train clips, and per
//       scene: scenes/scene-<nnnnn>.png, sceneImages stills composed like video frames (0-2 pictures
//       on a background) and captioned with what they show, for the stand-in image-text tower
//   world.json             params, fingerprint, sources per package, recordings per split
// Each clip has 1-4 events (fewer likelier; gaps and overlaps); a pictured source is on screen around its
// sound unless the clip keeps it off screen; other sources' pictures or empty scenes fill the
// rest. Splits share recordings or are disjoint by recording (DemoWorldParams::splitBy). Each clip
// depends only on (params, sources, split, index), so the world is deterministic and a re-run with
// the same fingerprint skips videos already written (each written atomically); another fingerprint
// deletes the old videos.
// Recordings or pictures that fail to decode are left out and listed in the summary.
// Throws Error when the folder cannot be written or no recording is usable.
// Progress (stage "demo-world") and cancellation through JobHooks; a cancelled build returns
// early with the finished videos kept and no manifests written.
#include "base/JobHooks.h"
#include "demo/DemoSourceCatalog.h"
#include "demo/DemoWorldParams.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace soundframe {

struct DemoWorldSummary {
    int videosWritten = 0;                   // rendered in this run
    int videosSkipped = 0;                   // already there from an earlier run
    std::map<std::string, int> clipsPerSplit;
    int classesSharedTrainTest = 0;          // classes with recordings in both train and test
    int classesPictured = 0;                 // classes with at least one usable picture
    int recordingsUsed = 0;
    int picturesUsed = 0;
    std::vector<std::string> skipped;        // "path: reason" for media left out
    std::string videoCodec;                  // e.g. "h264"
    double seconds = 0;                      // wall time of build()
    uint64_t videoBytes = 0;                 // size of videos/ after the build
    bool cancelled = false;
};

class DemoWorldBuilder {
public:
    DemoWorldBuilder(DemoSourceCatalog catalog, DemoWorldParams params);
    DemoWorldSummary build(const std::filesystem::path& folder, const JobHooks& hooks = {}) const;
    // Whether every image that folder/image-captions.jsonl names exists. False for a world written
    // before its unpacked pictures were named relative to the world folder: building again rewrites
    // the file (and reuses the videos).
    static bool pairsResolve(const std::filesystem::path& folder);

private:
    DemoSourceCatalog m_catalog;
    DemoWorldParams m_params;
};

} // namespace soundframe
