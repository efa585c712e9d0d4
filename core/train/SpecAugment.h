#pragma once
// SpecAugment: masks random mel bands and time spans of a training batch's log-mel (Park et al.,
// 2019; PANNs train with it), so the audio encoder cannot lean on one band or moment of the few
// recordings a class has. Masking keeps the time axis, so Multiframe's segments stay aligned with
// their frames. Training only: the step's pairing sees the masked log-mel (Nearest's argmax too, as
// it pairs the clip the step trains on); validation, evaluation and search see the clean one.
//
//   SpecAugment augment(config, framesPerSecond);   // off unless the config asks for masks
//   torch::Tensor x = augment.apply(logMel, rows, epoch);   // [B, n_mels, frames]
//
// Every mask is a pure function of (seed, epoch, cache row), as EpochPlan's draws are, so a resumed
// run and every rank mask exactly as one uninterrupted run would. A mask's width is drawn uniformly
// from [0, max] and its start uniformly where it fits; masked cells take the clip's mean log-mel.
#include "TrainConfig.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace soundframe {

class SpecAugment {
public:
    // framesPerSecond: log-mel frames a second (sample rate / hop), to turn the time mask into frames.
    SpecAugment(const TrainConfig& config, double framesPerSecond);

    bool enabled() const { return m_frequencyMasks > 0 || m_timeMasks > 0; }
    // `logMel` [B, n_mels, frames] of the clips at cache rows `rows` (B of them), masked; unchanged when off.
    torch::Tensor apply(const torch::Tensor& logMel, const std::vector<int64_t>& rows, int epoch) const;

private:
    uint64_t m_seed;
    int m_frequencyMasks;
    int64_t m_frequencyMaskBins;
    int m_timeMasks;
    int64_t m_timeMaskFrames;
};

} // namespace soundframe
