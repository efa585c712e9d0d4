#include "WatchedClips.h"

#include "base/Error.h"
#include "eval/NearestFrame.h"

#include <torch/torch.h>

namespace soundframe {

WatchedClips::WatchedClips(const TrainConfig& config, const CacheSettings& trainCache, int targetDim,
                           const AudioEncoderConfig& encoder, const torch::Device& device)
{
    if (config.watchCache.empty() || config.stage != TrainStage::Pretrain)
        return;
    const std::string& dir = config.watchCache;
    try {
        m_cache = std::make_unique<FrameCacheReader>(dir);
    } catch (const Error& e) {
        throw Error(e.where().empty() ? dir : e.where(), "watch_cache: " + e.reason());
    }
    const CacheSettings& s = m_cache->settings();
    const int audioRate = encoder.logMel.sampleRate;
    if (s.audioRate != audioRate)
        throw Error(dir, "watch_cache: the cache holds audio at " + std::to_string(s.audioRate)
                             + " Hz but the audio encoder expects " + std::to_string(audioRate) + " Hz");
    if (!s.withFrames)
        return;  // audio-only: no frame to pick
    if (s.embeddingDim != targetDim)
        throw Error(dir, "watch_cache: its frames are embedded in " + std::to_string(s.embeddingDim)
                             + " dimensions but the audio encoder embeds into " + std::to_string(targetDim));
    if (trainCache.withFrames && s.encoderIdentity != trainCache.encoderIdentity)
        throw Error(dir, "watch_cache: its frames were embedded by '" + s.encoderIdentity
                             + "' but the training cache's by '" + trainCache.encoderIdentity + "'");
    m_log = std::make_unique<FrameChoiceLog>(config.runDir, config.matching, *m_cache, device,
                                             FrameChoiceLog::watchedFileName);
    m_embedding = std::make_unique<HeldOutEmbedding>(*m_cache, config, encoder, device);
}

void WatchedClips::keepUpToStep(int64_t step) const
{
    if (m_log)
        m_log->keepUpToStep(step);
}

void WatchedClips::record(AudioEncoder& encoder, int64_t step, int epoch)
{
    if (!m_log || m_cache->size() == 0)
        return;
    const torch::Tensor audio = m_embedding->embed(encoder);  // [N, D]
    std::vector<int64_t> rows, frames;
    for (size_t i = 0; i < m_cache->size(); ++i) {
        const torch::Tensor clipFrames = m_cache->load(i).frameEmbeddings;
        if (clipFrames.dim() != 2 || clipFrames.size(0) == 0)
            continue;  // a clip without frames has no pick
        rows.push_back(int64_t(i));
        frames.push_back(nearestFrame(audio[int64_t(i)], clipFrames));
    }
    if (!rows.empty())
        m_log->record(step, epoch, rows, frames, /*dist=*/nullptr, /*writer=*/true);
}

} // namespace soundframe
