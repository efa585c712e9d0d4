#pragma once
// TrainCheckpoint: a self-describing, atomically written snapshot of a training run.
//
//   TrainCheckpoint::save(runDir, state, config, encoder, loss, optimizer, extraTensors, keep);
//   if (auto dir = TrainCheckpoint::latest(runDir)) {
//       auto snapshot = TrainCheckpoint::load(*dir, device);   // rebuild encoder, optimizer from it
//   }
//
// Layout: RUN/checkpoints/step-00001234/
//   audio-encoder/{config.json, model.safetensors}   the encoder f, loadable on its own
//   train-state.safetensors    loss.logit_scale, rng.cpu (LibTorch's CPU generator), extra tensors
//                              (e.g. unfrozen text blocks); metadata: format, config, progress
//   optimizer.pt               AdamW state in LibTorch's archive format
// A checkpoint is assembled under a hidden name and renamed into place, then RUN/checkpoints/latest
// names it; a kill at any moment leaves the previous checkpoint intact and discoverable.
#include "TrainConfig.h"
#include "model/AudioEncoder.h"

#include <torch/optim/optimizer.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

class InfoNceLossImpl;

struct TrainProgressState {
    int epoch = 0;              // epoch in progress (0-based)
    int64_t stepInEpoch = 0;    // batches of that epoch already done
    int64_t globalStep = 0;     // optimiser steps done in the whole run
    double epochLossSum = 0;    // sum of the losses of the epoch's steps so far (for its mean)
    int64_t epochSteps = 0;     // steps of the epoch in progress done so far (incl. before a resume)

    // Batch `batch` of `epoch` done with this loss.
    void recordStep(int epochIndex, int64_t batch, double loss)
    {
        ++globalStep;
        epoch = epochIndex;
        stepInEpoch = batch + 1;
        epochLossSum += loss;
        ++epochSteps;
    }
    double epochMeanLoss() const { return epochSteps ? epochLossSum / double(epochSteps) : 0; }
    void startEpoch(int epochIndex) { *this = {epochIndex, 0, globalStep, 0.0, 0}; }
};

struct LoadedCheckpoint {
    TrainProgressState state;
    std::string configJson;                        // the run's config as saved
    AudioEncoder encoder{nullptr};
    std::map<std::string, torch::Tensor> tensors;  // train-state.safetensors content
    std::filesystem::path optimizerFile;
};

class TrainCheckpoint {
public:
    static constexpr int kFormatVersion = 1;

    static std::filesystem::path save(const std::filesystem::path& runDir, const TrainProgressState& state,
                                      const TrainConfig& config, const AudioEncoder& encoder,
                                      InfoNceLossImpl& loss, torch::optim::Optimizer& optimizer,
                                      const std::vector<std::pair<std::string, torch::Tensor>>& extraTensors,
                                      int keep);
    // The newest complete checkpoint of the run, if any.
    static std::optional<std::filesystem::path> latest(const std::filesystem::path& runDir);
    // Deletes what a killed run leaves half-written: checkpoint folders being assembled and the
    // temporaries of atomic writes in the run folder, its checkpoints and its model folders.
    // Call before (re)starting the run's only writer.
    static void removeLeftovers(const std::filesystem::path& runDir);
    static LoadedCheckpoint load(const std::filesystem::path& checkpointDir, const torch::Device& device);
    // Restores the optimiser state saved beside the weights (after the optimiser was built over
    // the loaded parameters, in the same order).
    static void restoreOptimizer(const LoadedCheckpoint& checkpoint, torch::optim::Optimizer& optimizer);
    // Restores LibTorch's CPU random generator (dropout) as it was at the checkpoint.
    static void restoreRandomState(const LoadedCheckpoint& checkpoint);
};

} // namespace soundframe
