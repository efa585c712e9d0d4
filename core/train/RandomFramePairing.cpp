#include "RandomFramePairing.h"

#include "EpochPlan.h"

#include <torch/torch.h>

namespace soundframe {

RandomFramePairing::RandomFramePairing(const PairingContext& context)
    : m_seed(uint64_t(context.config.seed)), m_targetDim(context.cache.settings().embeddingDim), m_device(context.device)
{
}

int64_t RandomFramePairing::drawFrame(uint64_t seed, int epoch, int64_t row, int64_t frameCount)
{
    return EpochPlan::draw(seed, epoch, row, EpochPlan::kFrameSalt, frameCount);
}

Pairs RandomFramePairing::pair(const PairingBatch& batch, AudioEncoder& encoder)
{
    std::vector<int64_t> frames;
    for (size_t i = 0; i < batch.clips.size(); ++i)
        frames.push_back(drawFrame(m_seed, batch.epoch, batch.rows[i], batch.clips[i].frameEmbeddings.size(0)));
    return pairWithFrames(batch, encoder, std::move(frames), m_device);
}

} // namespace soundframe
