#pragma once
// DemoAlignmentTruth: scores frame choices and audio-to-frame similarities against the demo world's
// ground truth (which frames show a source of a clip, and when each source sounds).
//
//   DemoAlignmentTruth train("world/manifest-train.jsonl");
//   double base = train.baseRate();                                       // % a uniform frame draw shows a source
//   ChoiceAccuracy c = train.choiceAccuracy(FrameChoiceLog::read(runDir), /*warmupEpochs=*/2);
//   DemoAlignmentTruth test("world/manifest-test.jsonl");
//   SegmentAccuracy s = test.segmentAccuracy(AlignmentFile::read(evalDir / "alignment.json"));
//
// Percentages 0-100. Frames are those `prepare` takes at 1 fps (frame l at l + 0.5 s). Clips the
// manifest does not have are ignored. Throws Error naming the manifest when it cannot be read.
#include "data/ClipRecord.h"
#include "eval/AlignmentFile.h"
#include "train/FrameChoiceLog.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

// How often a stage-1 method's chosen frame shows a source of its clip.
struct ChoiceAccuracy {
    int64_t choices = 0;                         // (clip, step) choices scored
    double accuracy = 0;                         // over all of them
    std::vector<std::pair<int, double>> perEpoch;  // (0-based epoch, accuracy), epochs in order
    std::optional<double> afterWarmup;           // over the epochs after the warm-up; none when there are none
};

// For each 1 s audio segment in which a pictured source sounds: does its most similar frame show a
// source sounding then? And for the whole clip: does the clip's most similar frame show a source?
struct SegmentAccuracy {
    int64_t segments = 0;        // segments scored
    double segmentAccuracy = 0;
    double segmentBaseRate = 0;  // a uniform frame draw, over the same segments
    int64_t clips = 0;           // clips with a visible source
    double clipAccuracy = 0;
    double clipBaseRate = 0;
};

class DemoAlignmentTruth {
public:
    explicit DemoAlignmentTruth(const std::filesystem::path& manifest);

    // Expected accuracy of a uniform frame draw over the clips.
    double baseRate() const;
    ChoiceAccuracy choiceAccuracy(const std::vector<FrameChoice>& choices, int warmupEpochs) const;
    SegmentAccuracy segmentAccuracy(const AlignmentFile& alignment) const;

private:
    std::map<std::string, ClipRecord> m_clips;  // by clip id
};

} // namespace soundframe
