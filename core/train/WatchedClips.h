#pragma once
// WatchedClips: TrainConfig::watchCache — held-out clips a stage-1 run watches. At every epoch end
// rank 0 records, per clip, the frame Nearest Match's plain argmax picks under the current encoder,
// l* = argmax_l cos(f(a), g(i_l)), in RUN/watched_picks.jsonl (FrameChoiceLog's lines), so the app's
// Alignment view can show, epoch by epoch, what the encoder picks for a clip it never trained on.
//
//   WatchedClips watched(config, trainCache.settings(), targetDim, encoder->config(), device);  // Error now if unfit
//   watched.keepUpToStep(resumedStep);     // rank 0, as choices.jsonl: a resumed run has no later lines
//   watched.record(encoder, step, epoch);  // rank 0, at an epoch end: one append, one line per clip
//
// f(a) is the whole clip as evaluation embeds it (HeldOutEmbedding, which keeps the clips' inputs),
// the pick eval/NearestFrame's nearestFrame over every cached frame — whatever the run's matching,
// warm-up epochs included. Nothing in training reads it: recording takes no gradient, draws no
// random numbers and leaves the encoder in the mode it found. Inactive (records nothing) without a
// watch cache, outside stage 1, or when the cache is audio-only.
#include "FrameChoiceLog.h"
#include "HeldOutEmbedding.h"
#include "TrainConfig.h"
#include "data/CacheSettings.h"
#include "data/FrameCacheReader.h"
#include "model/AudioEncoder.h"

#include <cstdint>
#include <memory>

namespace soundframe {

class WatchedClips {
public:
    // Opens config.watchCache when the run watches. Error naming the cache when it is missing or
    // damaged, when its frames are not the image tower's of `trainCache` (embedding size, tower), or
    // when its audio rate is not the encoder's.
    WatchedClips(const TrainConfig& config, const CacheSettings& trainCache, int targetDim,
                 const AudioEncoderConfig& encoder, const torch::Device& device);

    bool active() const { return m_log != nullptr; }
    size_t clips() const { return m_cache ? m_cache->size() : 0; }
    void keepUpToStep(int64_t step) const;
    void record(AudioEncoder& encoder, int64_t step, int epoch);

private:
    std::unique_ptr<FrameCacheReader> m_cache;
    std::unique_ptr<FrameChoiceLog> m_log;  // null: nothing to watch
    std::unique_ptr<HeldOutEmbedding> m_embedding;
};

} // namespace soundframe
