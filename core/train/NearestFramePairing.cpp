#include "NearestFramePairing.h"

#include "MultiframePairing.h"
#include "RandomFramePairing.h"

#include <torch/torch.h>

namespace soundframe {

namespace F = torch::nn::functional;

NearestFramePairing::NearestFramePairing(const PairingContext& context)
    : m_seed(uint64_t(context.config.seed)), m_warmupEpochs(context.config.nearestWarmupEpochs),
      m_centred(context.config.nearestCentred), m_targetDim(context.cache.settings().embeddingDim),
      m_device(context.device)
{
    if (context.config.nearestWarmupMatching == WarmupMatching::Multiframe)
        m_warmup = std::make_unique<MultiframePairing>(context);
}

Pairs NearestFramePairing::pair(const PairingBatch& batch, AudioEncoder& encoder)
{
    const bool argmax = batch.epoch >= m_warmupEpochs;
    if (!argmax && m_warmup)
        return m_warmup->pair(batch, encoder);
    torch::Tensor audio;  // unit f(a) of the batch, for the choice only
    if (argmax) {
        torch::NoGradGuard noGrad;
        encoder->eval();
        audio = F::normalize(encoder->forward(batch.logMel, batch.frozen), F::NormalizeFuncOptions().dim(1));
        encoder->train();
    }
    std::vector<int64_t> frames;
    for (size_t i = 0; i < batch.clips.size(); ++i) {
        const auto& e = batch.clips[i].frameEmbeddings;
        int64_t l;
        if (argmax) {
            torch::NoGradGuard noGrad;
            const auto unitFrames = F::normalize(e.to(m_device), F::NormalizeFuncOptions().dim(1));
            auto sims = torch::matmul(unitFrames, audio[int64_t(i)]);
            if (m_centred)
                sims = sims - torch::matmul(unitFrames, audio.t()).mean(1);
            l = sims.argmax().item<int64_t>();
        } else {
            l = RandomFramePairing::drawFrame(m_seed, batch.epoch, batch.rows[i], e.size(0));
        }
        frames.push_back(l);
    }
    return pairWithFrames(batch, encoder, std::move(frames), m_device);
}

} // namespace soundframe
