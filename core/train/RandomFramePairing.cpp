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
    Pairs p;
    std::vector<torch::Tensor> frames;
    for (size_t i = 0; i < batch.clips.size(); ++i) {
        const auto& e = batch.clips[i].frameEmbeddings;
        const int64_t l = drawFrame(m_seed, batch.epoch, batch.rows[i], e.size(0));
        p.frameChoices.push_back(l);
        frames.push_back(e[l]);
    }
    p.audio = encoder->forward(batch.logMel);
    p.target = torch::stack(frames, 0).to(m_device);
    return p;
}

} // namespace soundframe
