#pragma once
// MultiframePairing: Multiframe Match [paper] — the audio is cut into L segments of `segmentSeconds`
// around the L frame times, and all B*L pairs (a_{b,l}, i_{b,l}) enter one InfoNCE: audio [B*L, D]
// in clip-major order. With `maskSameClipNegatives` a clip's other segments leave its softmax
// (group ids: one per clip, distinct across ranks). Every clip of a batch needs the same frame count.
#include "ClipPairing.h"

namespace soundframe {

class MultiframePairing : public ClipPairing {
public:
    static constexpr MatchingTraits traits{/*picksMostSimilarFrame*/ false, /*pairsEverySegment*/ true};

    explicit MultiframePairing(const PairingContext& context);
    int targetDim() const override { return m_targetDim; }
    Pairs pair(const PairingBatch& batch, AudioEncoder& encoder) override;

private:
    double m_segmentSeconds;
    bool m_maskSameClip;
    int m_rank;
    std::string m_cacheDir;  // for errors
    int m_targetDim;
    torch::Device m_device;
};

} // namespace soundframe
