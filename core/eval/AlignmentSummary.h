#pragma once
// AlignmentSummary: one run's alignment over every evaluated clip — is the audio-to-frame curve
// informative (how far its peak stands above its mean, how much it varies) and, where the manifest
// says which frames show a sounding source (the demo world's `visible_frames`), how often the frame
// the whole-clip audio is most similar to (the Nearest Match pick) shows one, against the base rate
// of a uniform frame draw. Evaluator writes it as OUT/alignment_summary.json; the app's Alignment
// view shows it per run (computed from RUN/eval/alignment.json and the project's manifest).
//
//   AlignmentSummary s = AlignmentSummary::compute(AlignmentFile::read("eval/alignment.json"),
//                                                  sourceFramesByClip(manifest.clips));
//   if (s.hasGroundTruth()) std::cout << s.pickAccuracy << " vs " << s.baseRate;
//   writeFileAtomically("eval/alignment_summary.json", s.toJson());
//
// Percentages 0-100; contrasts and spreads in cosine units. A curve's spread is its population
// standard deviation over its L frames; its contrast is max - mean. "mean" and "std" are taken over
// clips. Ground truth counts only clips that have at least one frame showing a source (as
// DemoAlignmentTruth::segmentAccuracy's clip figures); the base rate is the mean over those clips of
// (frames showing a source) / L. Clips with an empty curve are skipped.
#include "data/ClipRecord.h"

#include <map>
#include <string>
#include <vector>

namespace soundframe {

struct AlignmentFile;  // AlignmentFile.h: kept out so that widgets' value types need no torch header

// Every clip's frames that show one of its sources (union over its events); clips without events
// are left out, so an empty map means "no ground truth".
std::map<std::string, std::vector<int>> sourceFramesByClip(const std::vector<ClipRecord>& clips);

struct AlignmentSummary {
    int clips = 0;                 // clips summarised (non-empty curves)
    double meanContrast = 0;       // mean over clips of max - mean of the audio-to-frame curve
    double contrastStd = 0;        // its standard deviation over clips
    double meanSpread = 0;         // mean over clips of the curve's standard deviation
    double flatClips = 0;          // % of clips whose curve's spread is below flatSpread
    int truthClips = 0;            // clips with ground truth and a frame that shows a source
    double pickAccuracy = 0;       // % of those whose argmax frame shows a source
    double baseRate = 0;           // % a uniform frame draw would reach on the same clips

    static constexpr double flatSpread = 0.01;  // a curve this flat says nothing about its frames

    bool hasGroundTruth() const { return truthClips > 0; }

    // `sourceFrames`: per clip id, the frames that show a source (sourceFramesByClip); clips it
    // lacks are left out of the accuracy.
    static AlignmentSummary compute(const AlignmentFile& alignment,
                                    const std::map<std::string, std::vector<int>>& sourceFrames);

    // {"clips", "mean_peak_contrast", "peak_contrast_std", "mean_curve_std", "flat_clips_percent",
    //  "flat_curve_std", "ground_truth": {"clips", "pick_accuracy", "base_rate"} or null}; indented.
    std::string toJson() const;
};

} // namespace soundframe
