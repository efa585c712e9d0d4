#pragma once
// ClipPairing: the method's idea in one place — how a training step turns a batch of cached clips
// into the (audio, target) embedding pairs its loss contrasts (docs/method.md, "The three ways to
// pair a clip's audio with its video frames").
//
//   stage 1: RandomFramePairing, NearestFramePairing, MultiframePairing (audio <-> frames)
//   stage 2: CaptionPairing (audio <-> captions through the text tower)
//   tagging: TagPairing (audio -> class labels, its own loss)
//
//   auto pairing = ClipPairingRegistry::make({config, cache, device, rank});
//   Pairs p = pairing->pair({clips, rows, logMel, epoch, front}, encoder);
//   torch::Tensor l = pairing->loss(p, infoNce);
//
// AudioTrainer runs any pairing and knows none: a new one is one new file and a registration line
// in ClipPairingRegistry.cpp (or ClipPairingRegistry::add from a plugin or a test).
#include "InfoNceLoss.h"
#include "MatchingTraits.h"
#include "TrainConfig.h"
#include "TrainMetrics.h"
#include "data/CachedClip.h"
#include "data/FrameCacheReader.h"
#include "model/AudioEncoder.h"
#include "model/AudioFrontEnd.h"

#include <torch/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

// What a pairing is made for: one run's config, its training cache and where it computes.
struct PairingContext {
    const TrainConfig& config;
    const FrameCacheReader& cache;
    torch::Device device;
    int rank = 0;  // this process' rank (group ids must differ across ranks)
};

// One step's batch, as the loop loads it.
struct PairingBatch {
    const std::vector<CachedClip>& clips;  // the clips, loaded from the training cache
    const std::vector<int64_t>& rows;      // their rows in the cache
    const torch::Tensor& logMel;           // the front end's log-mel of the clips, on the device
    int epoch = 0;
    const AudioFrontEnd& front;            // for pairings that cut the clip (Multiframe)
    // f's frozen blocks' output for logMel (FrozenFeatureCache), to pass on to f; undefined: f
    // computes it.
    torch::Tensor frozen{};
};

struct Pairs {
    torch::Tensor audio;   // [N, D] f's output, gradients flow
    torch::Tensor target;  // [N, D] (tagging: [N, C] label rows)
    torch::Tensor groups;  // [N] int64 InfoNceLoss groups, or undefined
    std::vector<int64_t> frameChoices;  // per clip, the frame it was paired with (Random, Nearest)
};

struct EvaluationEmbeddings;

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

class ClipPairing {
public:
    // What this pairing does, for the views and configs that must not compare its name; a pairing
    // that picks one frame by similarity or pairs every segment declares its own.
    static constexpr MatchingTraits traits{};

    virtual ~ClipPairing() = default;

    // The joint space's size the audio encoder must embed into.
    virtual int targetDim() const = 0;
    // Whether cache row `row` can train (stage 2 needs captions, tagging labels).
    virtual bool usable(size_t /*row*/) const { return true; }
    virtual Pairs pair(const PairingBatch& batch, AudioEncoder& encoder) = 0;
    // The step's loss over the (all-gathered) pairs: InfoNCE unless the pairing has its own objective.
    virtual torch::Tensor loss(const Pairs& pairs, InfoNceLoss& infoNce) const;
    // Tensors trained beside f that checkpoints keep, by name (unfrozen text blocks, a tagging head).
    virtual NamedTensors namedParameters() const { return {}; }
    // Their learning rate as a share of f's; 1: they join f's optimiser group.
    virtual double parameterLearningRateScale() const { return 1.0; }
    // Validation figures at an epoch end, from f's embeddings `audio` [val.size(), D] of `val`:
    // by default retrieval recalls against each clip's middle frame.
    virtual void validate(const torch::Tensor& audio, const FrameCacheReader& val, TrainMetrics& metrics) const;
    // What the finished run keeps beside f (the tagging classes, unfrozen text tower).
    virtual void saveExtras(const std::filesystem::path& /*runDir*/) const {}

protected:
    // Each clip's whole audio with its frame `frames[i]` (Random and Nearest): f's output and the
    // chosen frame embeddings on `device`, the choices kept for choices.jsonl.
    static Pairs pairWithFrames(const PairingBatch& batch, AudioEncoder& encoder, std::vector<int64_t> frames,
                                const torch::Device& device);
    // R@1 and R@10 of every direction `e` allows, as "<direction>/R@k" validation entries.
    static void addRecalls(const EvaluationEmbeddings& e, TrainMetrics& metrics);
};

} // namespace soundframe
