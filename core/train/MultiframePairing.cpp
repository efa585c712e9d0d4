#include "MultiframePairing.h"

#include "base/ClipTimeline.h"
#include "base/Error.h"

#include <torch/torch.h>

#include <cmath>

namespace soundframe {

MultiframePairing::MultiframePairing(const PairingContext& context)
    : m_segmentSeconds(context.config.segmentSeconds), m_maskSameClip(context.config.maskSameClipNegatives),
      m_rank(context.rank), m_cacheDir(context.config.trainCache), m_targetDim(context.cache.settings().embeddingDim),
      m_device(context.device)
{
}

Pairs MultiframePairing::pair(const PairingBatch& batch, AudioEncoder& encoder)
{
    const auto& clips = batch.clips;
    const auto batchSize = int64_t(clips.size());
    const auto frameCount = int(clips[0].frameSeconds.size());
    for (const auto& clip : clips)
        if (int(clip.frameSeconds.size()) != frameCount)
            throw Error(m_cacheDir, "multiframe matching needs clips with equal frame counts ("
                                        + std::to_string(frameCount) + " vs " + std::to_string(clip.frameSeconds.size())
                                        + ")");
    const int sampleRate = encoder->config().logMel.sampleRate;
    const int64_t segmentLength = std::llround(m_segmentSeconds * sampleRate);
    const int64_t clipLength = std::min<int64_t>(clips[0].audio.numel(), batch.front.clipSamples());
    const ClipTimeline timeline(SampleTime{0, sampleRate}, SampleTime{clipLength, sampleRate}, frameCount);
    std::vector<std::pair<int64_t, int64_t>> ranges;
    for (int l = 0; l < frameCount; ++l) {
        const auto [begin, end] = timeline.segmentSamples(l, segmentLength);
        ranges.push_back(batch.front.frameRange(begin, end));
    }
    Pairs p;
    p.audio = encoder->forwardSegments(batch.logMel, ranges, batch.frozen).reshape({batchSize * frameCount, -1});
    std::vector<torch::Tensor> frames;
    for (const auto& clip : clips)
        frames.push_back(clip.frameEmbeddings);
    p.target = torch::stack(frames, 0).reshape({batchSize * frameCount, -1}).to(m_device);
    if (m_maskSameClip)
        p.groups = (torch::arange(batchSize, torch::kInt64) + m_rank * batchSize).repeat_interleave(frameCount);
    return p;
}

} // namespace soundframe
