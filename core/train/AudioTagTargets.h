#pragma once
// AudioTagTargets: the objective of the audio tagging stage ("tag"), which gives the audio encoder f
// the head start the field gives it — PANNs pretrain on AudioSet tagging before LAION-CLAP starts
// from them. A linear head over f's embedding predicts each clip's class labels (multi-label: softmax
// cross-entropy against the clip's labels spread evenly, as weakly supervised pretraining on
// hashtags does; see AudioTagTargets.cpp for why not PANNs' per-class sigmoid); only f is kept.
//
//   AudioTagTargets tags(trainCache, dir, /*embedDim=*/128, device);   // classes: the cache's distinct labels
//   torch::Tensor y = tags.targets({0, 5, 9});                     // [3, C] multi-hot rows of those clips
//   torch::Tensor l = tags.loss(encoder->forward(logmel), y);      // scalar; gradients reach f and the head
//   double top1 = tags.topOneAccuracy(embeddings, valCache);       // percent
//
// Labels come from the training cache's ClipRecord::labels only (a test label never reaches the
// head). Error names the cache when none of its clips has a label. The head's tensors are named
// "tag_head.weight" / "tag_head.bias" (checkpoints keep them, so a resumed run continues exactly).
#include "data/FrameCacheReader.h"

#include <torch/nn/modules/linear.h>
#include <torch/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

class AudioTagTargets {
public:
    // `trainDir` is the cache's folder, for errors.
    AudioTagTargets(const FrameCacheReader& train, const std::filesystem::path& trainDir, int64_t embedDim,
                    const torch::Device& device);

    const std::vector<std::string>& classes() const { return m_classes; }
    // Whether cache clip `row` has at least one label (unlabelled clips cannot train this stage).
    bool labelled(size_t row) const { return !m_clipClasses.at(row).empty(); }
    // Multi-hot float targets [rows.size(), C] of the training cache's clips `rows`, on the device.
    torch::Tensor targets(const std::vector<int64_t>& rows) const;
    // Mean cross-entropy of softmax(head(embeddings)) against `targets` normalised to sum 1 per row.
    torch::Tensor loss(const torch::Tensor& embeddings, const torch::Tensor& targets) const;
    std::vector<std::pair<std::string, torch::Tensor>> namedParameters() const;
    // Percent of `cache`'s clips with a label the head knows whose highest-scoring class is one of
    // their labels; `embeddings` [cache.size(), D] are f of those clips. 0 when no clip qualifies.
    double topOneAccuracy(const torch::Tensor& embeddings, const FrameCacheReader& cache) const;

private:
    std::vector<std::string> m_classes;                // sorted
    std::vector<std::vector<int64_t>> m_clipClasses;   // per training clip: its class indices
    mutable torch::nn::Linear m_head{nullptr};  // a forward pass changes no state
    torch::Device m_device;
};

} // namespace soundframe
