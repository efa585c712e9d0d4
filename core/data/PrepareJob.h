#pragma once
// PrepareJob: decodes every clip's frames and audio once, embeds the frames with the frozen image
// tower, and stores the result in a FrameCache that training reads without touching video again.
//
//   PrepareOptions options;
//   options.cacheDir = "cache/train";
//   PrepareJob job(options, &embedder);               // embedder may be null with withFrames = false
//   PrepareSummary s = job.run(manifest.clips, hooks);
//   std::cout << s.cached << " cached, " << s.skipped.size() << " skipped\n";
//
// Parallel over files (decodeThreads workers decode; the calling thread embeds and writes, in the
// clips' order and in batches that order alone decides, so two runs give the same cache), resumable
// (clips already in the cache are skipped), and never stopped by one bad file: every clip that cannot
// be used becomes a SkipRecord {media path, reason}, written to DIR/skipped.jsonl. Cancelling through
// the hooks stores everything finished so far and returns.
#include "ClipRecord.h"
#include "SkipRecord.h"
#include "base/JobHooks.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace soundframe {

class ImageEmbedder;

struct PrepareOptions {
    std::filesystem::path cacheDir;  // where cache.json and the shards go (created if missing)
    bool withFrames = true;          // false: store audio only (captioned sets without video)
    double framesPerSecond = 1.0;    // L = round(clip duration * fps) frames, at span centres
    int framesPerClip = 0;           // > 0: exactly this many frames per clip instead
    int audioRate = 16000;           // Hz of the stored mono waveform
    int shardSize = 32;              // clips per shard file; a kill loses at most one unflushed shard
    int decodeThreads = 0;           // parallel decoders; 0: one per core
    int embedBatchFrames = 64;       // frames per forward pass of the image tower
};

struct PrepareSummary {
    int64_t cached = 0;          // clips stored by this run
    int64_t alreadyCached = 0;   // clips found in the cache from earlier runs
    std::vector<SkipRecord> skipped;
    bool cancelled = false;
    int64_t framesDecoded = 0;
    double seconds = 0.0;        // wall time of the run

    // Skips counted by reason category (the reason's text up to its first ':').
    std::map<std::string, int> skippedByReason() const;
};

class PrepareJob {
public:
    PrepareJob(PrepareOptions options, ImageEmbedder* embedder);
    // `earlierSkips` (e.g. malformed manifest lines) are carried into the summary and skipped.jsonl.
    PrepareSummary run(const std::vector<ClipRecord>& clips, const JobHooks& hooks = {},
                       const std::vector<SkipRecord>& earlierSkips = {});

private:
    PrepareOptions m_options;
    ImageEmbedder* m_embedder;
};

} // namespace soundframe
