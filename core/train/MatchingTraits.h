#pragma once
// MatchingTraits: what a stage-1 matching does, as far as the code that configures or shows a run
// needs to know — so the Training form, the Alignment view and TrainConfig ask "does it pick the
// most similar frame?" instead of comparing the matching's name. Each pairing declares its own
// (`static constexpr MatchingTraits traits`); ClipPairingRegistry hands them out by name.
//
//   ClipPairingRegistry::traits("nearest").picksMostSimilarFrame;   // true
//   ClipPairingRegistry::traits("toy");                              // {} unless registered with traits

namespace soundframe {

struct MatchingTraits {
    // Pairs each clip with the frame the encoder finds most similar (Nearest Match): its recorded
    // choices are the model's own, and its first `nearestWarmupEpochs` epochs pair by the warm-up
    // matching instead, so those choices are not its own.
    bool picksMostSimilarFrame = false;
    // Pairs every audio segment with its own frame (Multiframe Match): there is no one frame per
    // clip to record; `segmentSeconds` and `multiframeMaskSameClip` apply.
    bool pairsEverySegment = false;
};

} // namespace soundframe
