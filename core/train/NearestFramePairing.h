#pragma once
// NearestFramePairing: Nearest Match [paper] — each clip's audio is paired with the frame most similar
// to it under the current encoder, l* = argmax_l cos(f(a), g(i_l)), chosen in eval mode and without
// gradient through the choice. During the first `nearestWarmupEpochs` epochs the choice is
// RandomFramePairing's draw (the paper's warm-up: an untrained f makes the argmax meaningless), or
// with `nearestWarmupMatching` "multiframe" (ours) those epochs train as MultiframePairing, so the
// argmax starts from an f that already maps sounds to the frames showing them.
// With `nearestCentred` (ours, not the paper's) each frame's score is less its mean cosine with the
// batch's audio, so a frame that resembles every sound (a hub) does not win for all of them.
#include "ClipPairing.h"

#include <memory>

namespace soundframe {

class NearestFramePairing : public ClipPairing {
public:
    static constexpr MatchingTraits traits{/*picksMostSimilarFrame*/ true, /*pairsEverySegment*/ false};

    explicit NearestFramePairing(const PairingContext& context);
    int targetDim() const override { return m_targetDim; }
    Pairs pair(const PairingBatch& batch, AudioEncoder& encoder) override;

private:
    uint64_t m_seed;
    int m_warmupEpochs;
    bool m_centred;
    std::unique_ptr<ClipPairing> m_warmup;  // the warm-up's pairing when it is not a random frame
    int m_targetDim;
    torch::Device m_device;
};

} // namespace soundframe
