#pragma once
// AudioTrainer: the training loop of every stage of docs/method.md over a prepared cache — audio
// tagging, stage 1 (audio-image, Random / Nearest / Multiframe) and stage 2 (audio-text). What a step
// pairs is the ClipPairing that ClipPairingRegistry makes for the config (stage and matching); the
// loop loads batches, runs the pairing's loss, steps the optimiser and keeps checkpoints and metrics.
//
//   TrainConfig config = TrainConfig::fromJsonFile("resources/configs/demo-stage1.json");
//   AudioTrainer trainer(config);
//   trainer.onMetrics = [](const TrainMetrics& m) { ... };       // live loss, lr, tau, recalls
//   TrainResult r = trainer.run(hooks, /*resume=*/true);          // cancel through hooks.cancel
//
// Run folder (RUN = config.runDir):
//   config.json       the config as run          metrics.jsonl   TrainMetrics, one per line
//   choices.jsonl     per epoch and clip, the frame Random / Nearest paired the clip's audio with
//   watched_picks.jsonl  with a watch cache (stage 1): per epoch and held-out clip, Nearest's argmax
//                     frame under the encoder at the epoch's end (WatchedClips)
//   checkpoints/      TrainCheckpoint snapshots (every N steps, each epoch end, on cancel)
//   audio-encoder/    the trained f (config.json + model.safetensors) once the run completes
//   clip/             stage 2 with unfrozen text blocks only: the fine-tuned image-text model
// Resuming continues from the newest checkpoint exactly: the final weights equal an uninterrupted
// run's (same seed, same thread count). A NaN or Inf loss stops the run with an Error and leaves the
// last good checkpoint in place. Runs distributed over processes when WORLD_SIZE > 1 (see
// DistributedContext); only rank 0 writes files.
#include "TrainConfig.h"
#include "TrainMetrics.h"
#include "base/JobHooks.h"

#include <filesystem>
#include <functional>

namespace soundframe {

struct TrainResult {
    bool completed = false;        // all epochs done and the model written
    bool cancelled = false;
    int64_t steps = 0;             // optimiser steps done in the run so far
    double lastLoss = 0;
    std::filesystem::path encoderDir;  // RUN/audio-encoder when completed
};

class AudioTrainer {
public:
    explicit AudioTrainer(TrainConfig config);
    // resume = true continues from RUN's newest checkpoint if there is one; resume = false refuses a
    // run folder that already has checkpoints.
    TrainResult run(const JobHooks& hooks = {}, bool resume = false);

    std::function<void(const TrainMetrics&)> onMetrics;  // called on the training thread; may be empty

private:
    TrainConfig m_config;
};

} // namespace soundframe
