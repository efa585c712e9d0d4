#pragma once
// LogMelCache: each training clip's log-mel, kept from the first step that computes it, so later
// epochs skip the front end (short-time Fourier transform and mel filterbank). On the demo's small
// CNN that takes 8-18% off a training run (bench/README.md, "Log-mel kept per clip").
//
//   LogMelCache logMels(front, config.logMelCacheMegabytes);
//   torch::Tensor x = logMels.batch(batch.rows, batch.audio, device);   // [B, n_mels, frames]
//
// A clip's log-mel depends on its cached waveform alone: the front end cuts or pads every clip to
// the same length, and SpecAugment masks a copy afterwards. So a kept log-mel is the one the front
// end would compute again, and a run trains the same weights with the cache as without it.
// Copies are kept on the CPU up to the budget; clips past it are computed at every step. Rows are
// training-cache rows; one instance serves one run.
#include "model/AudioFrontEnd.h"

#include <torch/types.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace soundframe {

class LogMelCache {
public:
    // budgetMegabytes <= 0 keeps nothing: every batch goes through the front end.
    LogMelCache(const AudioFrontEnd& front, int64_t budgetMegabytes);

    // The log-mel of `audio` (the waveforms of cache rows `rows`, in that order) on `device`.
    torch::Tensor batch(const std::vector<int64_t>& rows, const std::vector<torch::Tensor>& audio,
                        const torch::Device& device);

    int64_t keptClips() const { return int64_t(m_kept.size()); }

private:
    const AudioFrontEnd& m_front;
    int64_t m_budgetBytes;
    int64_t m_keptBytes = 0;
    std::unordered_map<int64_t, torch::Tensor> m_kept;  // cache row -> [n_mels, frames] on the CPU
};

} // namespace soundframe
