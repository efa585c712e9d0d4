#include "SpecAugment.h"

#include "EpochPlan.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace soundframe {

namespace {
// EpochPlan salts of the masks' draws: distinct from the frame and caption draws, and per mask.
constexpr uint64_t kFrequencyMaskSalt = 0x5A11'0000;
constexpr uint64_t kTimeMaskSalt = 0x5A12'0000;

// Masks `masks` spans of at most `maxWidth` cells along the `axis` of length `length` in `keep`
// ([n_mels, frames], true where the cell stays) for the clip at `row`.
void maskSpans(torch::Tensor& keep, int64_t axis, int masks, int64_t maxWidth, uint64_t salt, uint64_t seed,
               int epoch, int64_t row)
{
    const int64_t length = keep.size(axis);
    for (int m = 0; m < masks; ++m) {
        const uint64_t s = salt + 2 * uint64_t(m);
        const int64_t width = EpochPlan::draw(seed, epoch, row, s, std::min(maxWidth, length) + 1);
        if (width == 0)
            continue;
        const int64_t start = EpochPlan::draw(seed, epoch, row, s + 1, length - width + 1);
        keep.narrow(axis, start, width).fill_(false);
    }
}
} // namespace

SpecAugment::SpecAugment(const TrainConfig& config, double framesPerSecond)
    : m_seed(uint64_t(config.seed)), m_frequencyMasks(config.specAugmentFrequencyMasks),
      m_frequencyMaskBins(config.specAugmentFrequencyBins), m_timeMasks(config.specAugmentTimeMasks),
      m_timeMaskFrames(std::llround(config.specAugmentTimeSeconds * framesPerSecond))
{
}

torch::Tensor SpecAugment::apply(const torch::Tensor& logMel, const std::vector<int64_t>& rows, int epoch) const
{
    if (!enabled())
        return logMel;
    // The masks are drawn on the CPU (a few small tensors) and applied on the batch's device.
    auto keep = torch::ones({logMel.size(0), logMel.size(1), logMel.size(2)}, torch::kBool);
    for (int64_t b = 0; b < logMel.size(0); ++b) {
        auto clip = keep[b];
        maskSpans(clip, 0, m_frequencyMasks, m_frequencyMaskBins, kFrequencyMaskSalt, m_seed, epoch, rows[size_t(b)]);
        maskSpans(clip, 1, m_timeMasks, m_timeMaskFrames, kTimeMaskSalt, m_seed, epoch, rows[size_t(b)]);
    }
    const auto fill = logMel.mean({1, 2}, /*keepdim=*/true).expand_as(logMel);
    return torch::where(keep.to(logMel.device()), logMel, fill);
}

} // namespace soundframe
