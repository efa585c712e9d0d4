#pragma once
// DemoAlignmentTruth: scores frame choices and audio-to-frame similarities against the demo world's
// ground truth (which frames show a source of a clip, and when each source sounds).
//
//   DemoAlignmentTruth train("world/manifest-train.jsonl");
//   double base = train.baseRate();                              // % a uniform frame draw shows a source
//   json choices = train.choiceAccuracy(choiceLines, 2);         // RUN/choices.jsonl, parsed
//   DemoAlignmentTruth test("world/manifest-test.jsonl");
//   json segments = test.segmentAccuracy(alignmentJson);         // an Evaluator alignment.json, parsed
//
// Percentages 0-100. Frames are those `prepare` takes at 1 fps (frame l at l + 0.5 s). Clips the
// manifest does not have are ignored. Throws Error naming the manifest when it cannot be read.
#include "data/ClipRecord.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace soundframe {

class DemoAlignmentTruth {
public:
    explicit DemoAlignmentTruth(const std::filesystem::path& manifest);

    // Expected accuracy of a uniform frame draw over the clips.
    double baseRate() const;
    // How often a stage-1 method's chosen frame ({"clip", "epoch", "frame"} lines) shows a source of
    // its clip: {"choices", "accuracy", "per_epoch": [...], "accuracy_after_warmup"}.
    nlohmann::ordered_json choiceAccuracy(const std::vector<nlohmann::ordered_json>& choiceLines,
                                          int warmupEpochs) const;
    // For each 1 s audio segment in which a pictured source sounds: does its most similar frame show a
    // source sounding then? And for the whole clip: does the clip's most similar frame show a source?
    // {"segments", "segment_accuracy", "segment_base_rate", "clips", "clip_accuracy", "clip_base_rate"}.
    nlohmann::ordered_json segmentAccuracy(const nlohmann::ordered_json& alignment) const;

private:
    std::map<std::string, ClipRecord> m_clips;  // by clip id
};

} // namespace soundframe
