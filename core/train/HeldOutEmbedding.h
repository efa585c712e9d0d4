#pragma once
// HeldOutEmbedding: f's embedding of every clip of a held-out cache — the validation clips, the
// watched clips — computed again at each epoch end. What does not change between epochs is kept
// from the first: each clip's log-mel (LogMelCache) and what f's frozen blocks make of it
// (FrozenFeatureCache), within the run's budgets for them. So an epoch end runs only the blocks
// that train; on the demo's stage 1 that took a third of a run's time (bench/README.md, "Frozen
// blocks' output kept per clip").
//
//   HeldOutEmbedding val(valCache, config, encoder->config(), device);
//   torch::Tensor a = val.embed(encoder);   // [N, D]: eval/CacheEmbedding's embedCachedAudio
//
// One instance serves one run and one cache; the cache must outlive it.
#include "FrozenFeatureCache.h"
#include "LogMelCache.h"
#include "TrainConfig.h"
#include "data/FrameCacheReader.h"
#include "model/AudioEncoder.h"
#include "model/AudioFrontEnd.h"

namespace soundframe {

class HeldOutEmbedding {
public:
    HeldOutEmbedding(const FrameCacheReader& cache, const TrainConfig& config, const AudioEncoderConfig& encoder,
                     const torch::Device& device);

    // [cache.size(), D] on the CPU: f in eval mode without gradient, its mode restored.
    torch::Tensor embed(AudioEncoder& encoder);

private:
    const FrameCacheReader& m_cache;
    torch::Device m_device;
    AudioFrontEnd m_front;
    LogMelCache m_logMels;
    FrozenFeatureCache m_frozen;
};

} // namespace soundframe
