#pragma once
// RandomFramePairing: stage 1's conventional baseline [paper, prior] — each time a clip is drawn, one
// of its frames, uniformly at random, is paired with the whole clip's audio. The draw is
// EpochPlan::draw(seed, epoch, clip, kFrameSalt): the same for a seed on any number of ranks and
// after a resume. NearestFramePairing draws the same way during its warm-up.
#include "ClipPairing.h"

namespace soundframe {

class RandomFramePairing : public ClipPairing {
public:
    explicit RandomFramePairing(const PairingContext& context);
    int targetDim() const override { return m_targetDim; }
    Pairs pair(const PairingBatch& batch, AudioEncoder& encoder) override;

    // The frame of `frameCount` a clip at cache row `row` is paired with in `epoch`.
    static int64_t drawFrame(uint64_t seed, int epoch, int64_t row, int64_t frameCount);

private:
    uint64_t m_seed;
    int m_targetDim;
    torch::Device m_device;
};

} // namespace soundframe
