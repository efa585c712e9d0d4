#include "HeldOutEmbedding.h"

#include "eval/CacheEmbedding.h"

#include <torch/torch.h>

namespace soundframe {

HeldOutEmbedding::HeldOutEmbedding(const FrameCacheReader& cache, const TrainConfig& config,
                                   const AudioEncoderConfig& encoder, const torch::Device& device)
    : m_cache(cache)
    , m_device(device)
    , m_front(encoder)
    , m_logMels(m_front, config.logMelCacheMegabytes)
    , m_frozen(config.frozenFeatureCacheMegabytes)
{
}

torch::Tensor HeldOutEmbedding::embed(AudioEncoder& encoder)
{
    return embedCachedAudio(encoder, m_cache, [&](const std::vector<int64_t>& rows, const std::vector<torch::Tensor>& audio) {
        EncoderInput input{m_logMels.batch(rows, audio, m_device), {}};
        if (encoder->frozenBlocks() > 0)
            input.frozen = m_frozen.batch(rows, input.logMel, encoder);
        return input;
    });
}

} // namespace soundframe
