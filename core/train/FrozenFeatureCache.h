#pragma once
// FrozenFeatureCache: what the audio encoder's frozen input side (frozen_audio_blocks) makes of each
// training clip, kept from the first step that computes it, so later steps run only the blocks
// that train. On the demo's stage 1 (three of the CNN's four blocks frozen) that is about three
// quarters of the forward pass (bench/README.md, "Frozen blocks' output kept per clip").
//
//   FrozenFeatureCache frozen(config.frozenFeatureCacheMegabytes);
//   torch::Tensor k = frozen.batch(rows, logMel, encoder);   // on logMel's device
//   torch::Tensor e = encoder->forward(logMel, k);           // what encoder->forward(logMel) gives
//
// Frozen blocks never change and run in eval mode (no dropout, BatchNorm statistics as loaded), so
// a clip's features depend on its log-mel alone — as long as nothing random touches the log-mel
// first: the trainer does not use the cache with SpecAugment. Every clip is computed on its own,
// kept or not, so its features are the same bits in every batch and a run trains the same weights
// whatever the budget (AudioFrontEnd computes clip by clip for the same reason). Copies are kept on
// the CPU up to the budget; clips past it are computed at every step. Rows are training-cache
// rows; one instance serves one run and one encoder.
#include "model/AudioEncoder.h"

#include <torch/types.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace soundframe {

class FrozenFeatureCache {
public:
    // budgetMegabytes <= 0 keeps nothing: every clip's features are computed at every step.
    explicit FrozenFeatureCache(int64_t budgetMegabytes);

    // encoder->frozenFeatures of each clip of `logMel` (cache rows `rows`, in that order), stacked.
    torch::Tensor batch(const std::vector<int64_t>& rows, const torch::Tensor& logMel, AudioEncoder& encoder);

    int64_t keptClips() const { return int64_t(m_kept.size()); }

private:
    int64_t m_budgetBytes;
    int64_t m_keptBytes = 0;
    std::unordered_map<int64_t, torch::Tensor> m_kept;  // cache row -> one clip's features on the CPU
};

} // namespace soundframe
