#include "AudioTrainer.h"

#include "ClipPairing.h"
#include "ClipPairingRegistry.h"
#include "DistributedContext.h"
#include "EpochPlan.h"
#include "FrameChoiceLog.h"
#include "FrozenFeatureCache.h"
#include "HeldOutEmbedding.h"
#include "InfoNceLoss.h"
#include "LearningRateSchedule.h"
#include "LogMelCache.h"
#include "SpecAugment.h"
#include "TrainCheckpoint.h"
#include "WatchedClips.h"
#include "base/AtomicWrite.h"
#include "base/ComputeThreads.h"
#include "base/CpuBufferCache.h"
#include "base/Error.h"
#include "base/JsonLinesFile.h"
#include "data/FrameCacheReader.h"
#include "model/AudioFrontEnd.h"
#include "model/ComputeDevice.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

namespace soundframe {

namespace fs = std::filesystem;

namespace {

std::vector<torch::Tensor> trainable(const std::vector<torch::Tensor>& parameters)
{
    std::vector<torch::Tensor> out;
    for (const auto& p : parameters)
        if (p.requires_grad())
            out.push_back(p);
    return out;
}

std::string lastGoodCheckpointAdvice(const fs::path& runDir)
{
    const auto last = TrainCheckpoint::latest(runDir);
    return (last ? "The last good checkpoint is " + last->string() + "; " : std::string("No checkpoint was written yet; "))
           + "try a lower learning_rate or grad_clip_norm.";
}

double finiteOrThrow(const torch::Tensor& loss, const TrainConfig& config, int64_t step)
{
    const double value = loss.item<double>();
    if (!std::isfinite(value))
        throw Error(config.runDir, "the loss became " + std::string(std::isnan(value) ? "NaN" : "infinite")
                                       + " at step " + std::to_string(step + 1) + "; the run stopped. "
                                       + lastGoodCheckpointAdvice(config.runDir));
    return value;
}

// How the encoder in init_from was trained, read from the run folder holding it (RUN/audio-encoder):
// that run's matching, "tagging" for an audio tagging run, and for a stage-2 run what it started
// from. Empty when init_from is not a run's audio-encoder folder.
std::string initFromMatching(const std::string& initFrom)
{
    if (initFrom.empty())
        return {};
    fs::path encoderDir = fs::path(initFrom).lexically_normal();
    if (!encoderDir.has_filename())
        encoderDir = encoderDir.parent_path();  // a trailing slash
    const fs::path runConfig = encoderDir.parent_path() / "config.json";
    if (!fs::is_regular_file(runConfig))
        return {};
    try {
        const TrainConfig run = TrainConfig::fromJsonFile(runConfig);
        switch (run.stage) {
        case TrainStage::Tag:
            return "tagging";
        case TrainStage::Pretrain:
            return run.matching;
        case TrainStage::Finetune:
            return run.initFromMatching;
        }
    } catch (const Error&) {
        // Not a training run's config: the origin is unknown, which is not an error for training.
    }
    return {};
}

// The encoder a run starts from: its newest checkpoint's (resume), init_from's, or a new one
// embedding into `targetDim`.
AudioEncoder startingEncoder(const TrainConfig& c, int targetDim, const std::optional<LoadedCheckpoint>& checkpoint,
                             const fs::path& checkpointFile, const torch::Device& device)
{
    if (checkpoint) {
        TrainConfig saved = TrainConfig::fromJson(checkpoint->configJson, checkpointFile.string());
        // Settings that do not change the trained weights may differ on resume.
        saved.device = c.device;
        saved.threads = c.threads;
        saved.logMelCacheMegabytes = c.logMelCacheMegabytes;
        saved.frozenFeatureCacheMegabytes = c.frozenFeatureCacheMegabytes;
        saved.runDir = c.runDir;
        saved.checkpointEverySteps = c.checkpointEverySteps;
        saved.keepCheckpoints = c.keepCheckpoints;
        saved.initFromMatching = c.initFromMatching;  // re-read at every start; the weights do not depend on it
        saved.watchCache = c.watchCache;              // only watched, never trained on
        if (saved.toJson() != c.toJson())
            throw Error(c.runDir, "the config differs from the one this run was started with; "
                                  "resume with the same config (see " + (fs::path(c.runDir) / "config.json").string() + ")");
        return checkpoint->encoder;
    }
    if (!c.initFrom.empty())
        return loadAudioEncoder(c.initFrom, device);
    AudioEncoderConfig ac = c.audioEncoderConfig.empty() ? AudioEncoderConfig{} : readAudioEncoderConfig(c.audioEncoderConfig);
    ac.embedDim = targetDim;  // fixed by the image-text model's joint space
    ac.validate(c.audioEncoderConfig.empty() ? "audio encoder config" : c.audioEncoderConfig);
    AudioEncoder encoder(ac);
    encoder->to(device);
    return encoder;
}

void checkFits(const AudioEncoderConfig& ac, const TrainConfig& c, int targetDim, int cacheRate)
{
    if (ac.embedDim != targetDim)
        throw Error(c.initFrom, "the audio encoder embeds into " + std::to_string(ac.embedDim)
                                    + " dimensions but the image-text model uses " + std::to_string(targetDim));
    if (ac.logMel.sampleRate != cacheRate)
        throw Error(c.trainCache, "the cache holds audio at " + std::to_string(cacheRate)
                                      + " Hz but the audio encoder expects " + std::to_string(ac.logMel.sampleRate) + " Hz");
}

// A step can leave the weights non-finite while its loss was still finite: such a state must never
// replace the last good checkpoint. Every rank checks (their weights are identical), so all of them
// stop together.
void checkFiniteWeights(const std::vector<torch::Tensor>& parameters, const TrainConfig& c, int64_t step)
{
    for (const auto& p : parameters)
        if (!torch::isfinite(p).all().item<bool>())
            throw Error(c.runDir, "the weights became NaN or infinite at step " + std::to_string(step)
                                      + "; the run stopped. " + lastGoodCheckpointAdvice(c.runDir));
}

// Groups: f (with the tensors that learn at its rate), the temperature (no decay), and tensors with a
// rate of their own (unfrozen text blocks). Checkpoints keep the optimiser state in this order.
std::vector<torch::optim::OptimizerParamGroup> optimizerGroups(const TrainConfig& c, AudioEncoder& encoder,
                                                               InfoNceLoss& loss,
                                                               const std::vector<torch::Tensor>& extraParameters,
                                                               double extraScale)
{
    std::vector<torch::optim::OptimizerParamGroup> groups;
    auto encoderGroup = trainable(encoder->parameters());
    if (extraScale == 1.0)
        encoderGroup.insert(encoderGroup.end(), extraParameters.begin(), extraParameters.end());
    groups.emplace_back(encoderGroup);
    auto temperatureOptions = std::make_unique<torch::optim::AdamWOptions>(c.learningRate);
    temperatureOptions->weight_decay(0.0);
    groups.emplace_back(loss->parameters(), std::move(temperatureOptions));
    if (extraScale != 1.0 && !extraParameters.empty())
        groups.emplace_back(extraParameters, std::make_unique<torch::optim::AdamWOptions>(c.learningRate * extraScale));
    return groups;
}

// Loss temperature, pairing tensors, optimiser moments and random state as the checkpoint left them.
void restore(const LoadedCheckpoint& checkpoint, const fs::path& file, InfoNceLoss& loss, const NamedTensors& extraNamed,
             torch::optim::Optimizer& optimizer, const torch::Device& device)
{
    loss->logitScaleParameter().data().copy_(checkpoint.tensors.at("loss.logit_scale").to(device));
    for (const auto& [name, p] : extraNamed) {
        const auto it = checkpoint.tensors.find(name);
        if (it == checkpoint.tensors.end())
            throw Error(file, "checkpoint lacks " + name);
        p.data().copy_(it->second.to(device));
    }
    TrainCheckpoint::restoreOptimizer(checkpoint, optimizer);
    TrainCheckpoint::restoreRandomState(checkpoint);
}

TrainMetrics metricsLine(const std::string& kind, int epoch, int64_t step, int64_t totalSteps, double lossValue, double lr,
                         const InfoNceLoss& loss, double samples, std::chrono::steady_clock::time_point since, int world)
{
    TrainMetrics m;
    m.kind = kind;
    m.epoch = epoch;
    m.step = step;
    m.totalSteps = totalSteps;
    m.loss = lossValue;
    m.learningRate = lr;
    m.temperature = loss->temperature();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
    m.samplesPerSecond = seconds > 0 ? samples / seconds : 0;
    m.worldSize = world;
    return m;
}

// The cache rows the pairing can train on.
std::vector<int64_t> usableRows(const ClipPairing& pairing, size_t cacheSize)
{
    std::vector<int64_t> rows;
    for (size_t i = 0; i < cacheSize; ++i)
        if (pairing.usable(i))
            rows.push_back(int64_t(i));
    return rows;
}

std::vector<torch::Tensor> tensorsOf(const NamedTensors& named)
{
    std::vector<torch::Tensor> tensors;
    for (const auto& [name, t] : named)
        tensors.push_back(t);
    return tensors;
}

std::vector<torch::Tensor> join(std::vector<torch::Tensor> first, const std::vector<torch::Tensor>& second)
{
    first.insert(first.end(), second.begin(), second.end());
    return first;
}

// The run folder as a (re)started run finds it: leftovers of a killed attempt removed, the config
// written, and the logs cut back to the step the run continues from.
void prepareRunFolder(const fs::path& runDir, const TrainConfig& c, int64_t fromStep, const JsonLinesFile& metricsFile,
                      const FrameChoiceLog& choices, const WatchedClips& watched)
{
    fs::create_directories(runDir);
    TrainCheckpoint::removeLeftovers(runDir);
    writeFileAtomically(runDir / "config.json", c.toJson());
    metricsFile.keepUpToStep(fromStep);
    choices.keepUpToStep(fromStep);
    watched.keepUpToStep(fromStep);
}

// The validation clips, embedded at every epoch end by rank 0 (none: the run does not validate).
struct Validation {
    Validation(const TrainConfig& c, const AudioEncoderConfig& encoder, const torch::Device& device, bool writer)
    {
        if (!writer || !c.validateEachEpoch || c.valCache.empty())
            return;
        cache = std::make_unique<FrameCacheReader>(c.valCache);
        embedding = std::make_unique<HeldOutEmbedding>(*cache, c, encoder, device);
    }
    // The epoch's figures, as the pairing measures them.
    void into(TrainMetrics& m, const ClipPairing& pairing, AudioEncoder& encoder)
    {
        if (cache)
            pairing.validate(embedding->embed(encoder), *cache, m);
    }
    std::unique_ptr<FrameCacheReader> cache;
    std::unique_ptr<HeldOutEmbedding> embedding;
};

// The peak rate at this step for the encoder and loss groups, scaled for the pairing's own parameters.
void setLearningRates(torch::optim::AdamW& optimizer, double lr, double extraScale)
{
    auto& groups = optimizer.param_groups();
    for (size_t g = 0; g < groups.size(); ++g)
        groups[g].options().set_lr(g < 2 ? lr : lr * extraScale);
}

// One process's share of a batch: the cache rows, their clips and the clips' audio.
struct LocalBatch {
    std::vector<int64_t> rows;
    std::vector<CachedClip> clips;
    std::vector<torch::Tensor> audio;
};

LocalBatch loadBatch(const EpochPlan& plan, int epoch, int64_t batch, const std::vector<int64_t>& usable,
                     const FrameCacheReader& cache)
{
    LocalBatch b;
    for (auto item : plan.localBatch(epoch, batch)) {
        b.rows.push_back(usable[size_t(item)]);
        b.clips.push_back(cache.load(size_t(b.rows.back())));
        b.audio.push_back(b.clips.back().audio);
    }
    return b;
}

// Every process's pairs, so each contrasts against the global batch (its own keep their gradient).
void gatherPairs(Pairs& pairs, DistributedContext* dist, const torch::Device& device)
{
    if (!dist)
        return;
    pairs.audio = dist->allGatherKeepingLocalGrad(pairs.audio);
    pairs.target = dist->allGatherKeepingLocalGrad(pairs.target);
    if (pairs.groups.defined())
        pairs.groups = dist->allGatherKeepingLocalGrad(pairs.groups.to(device));
}

// Backward, gradients summed over processes, the global norm clipped, one optimiser step.
void optimiserStep(const torch::Tensor& lossValue, torch::optim::AdamW& optimizer, DistributedContext* dist,
                   const std::vector<torch::Tensor>& summed, const std::vector<torch::Tensor>& clipped,
                   double gradClipNorm)
{
    optimizer.zero_grad();
    lossValue.backward();
    if (dist)
        dist->sumGradients(summed);
    if (gradClipNorm > 0)
        torch::nn::utils::clip_grad_norm_(clipped, gradClipNorm);
    optimizer.step();
}

} // namespace

AudioTrainer::AudioTrainer(TrainConfig config) : m_config(std::move(config)) {}

TrainResult AudioTrainer::run(const JobHooks& hooks, bool resume)
{
    if (m_config.initFromMatching.empty())
        m_config.initFromMatching = initFromMatching(m_config.initFrom);
    const auto& c = m_config;
    c.validate();
    // Every step allocates the same activation sizes: reuse the buffers instead of faulting in
    // fresh pages each time.
    const CpuBufferCache bufferCache;
    if (c.threads > 0)
        setComputeThreads(c.threads);
    const auto launch = DistributedEnvironment::fromProcess();
    const auto device = parseComputeDevice(c.device, launch.gpuFor(c.device));  // cuda: this process's GPU
    const auto dist = DistributedContext::join(launch, device);
    const int rank = dist ? dist->rank() : 0;
    const int world = dist ? dist->worldSize() : 1;
    const bool writer = rank == 0;
    const fs::path runDir = c.runDir;

    const FrameCacheReader cache(c.trainCache);
    const auto pairing = ClipPairingRegistry::make({c, cache, device, rank});
    const int targetDim = pairing->targetDim();
    const std::vector<int64_t> usable = usableRows(*pairing, cache.size());
    const NamedTensors extraNamed = pairing->namedParameters();
    const std::vector<torch::Tensor> extraParameters = tensorsOf(extraNamed);

    const auto latest = TrainCheckpoint::latest(runDir);
    if (latest && !resume)
        throw Error(runDir, "holds checkpoints of an earlier run; resume it (--resume) or choose a new run folder");
    torch::manual_seed(uint64_t(c.seed));
    std::optional<LoadedCheckpoint> checkpoint;
    if (latest && resume)
        checkpoint = TrainCheckpoint::load(*latest, device);
    AudioEncoder encoder = startingEncoder(c, targetDim, checkpoint, latest.value_or(fs::path()), device);
    const auto& ac = encoder->config();
    checkFits(ac, c, targetDim, cache.settings().audioRate);
    if (c.frozenAudioBlocks > encoder->blockCount())
        throw Error(c.initFrom, "frozen_audio_blocks is " + std::to_string(c.frozenAudioBlocks) + " but the audio encoder has "
                                    + std::to_string(encoder->blockCount()) + " blocks");
    encoder->freezeLeadingBlocks(c.frozenAudioBlocks);
    // Every rank opens it, so an unfit watch cache stops them all now rather than rank 0 after an epoch.
    WatchedClips watched(c, cache.settings(), targetDim, ac, device);
    encoder->train();

    InfoNceOptions lossOptions;
    lossOptions.initialTemperature = c.initialTemperature;
    InfoNceLoss loss(lossOptions);
    loss->to(device);

    const double extraScale = pairing->parameterLearningRateScale();
    torch::optim::AdamW optimizer(optimizerGroups(c, encoder, loss, extraParameters, extraScale),
                                  torch::optim::AdamWOptions(c.learningRate).weight_decay(c.weightDecay));

    TrainProgressState state;
    if (checkpoint) {
        state = checkpoint->state;
        restore(*checkpoint, *latest, loss, extraNamed, optimizer, device);
    } else if (dist) {
        dist->broadcastFromRankZero(encoder->parameters());
        dist->broadcastFromRankZero(encoder->buffers());
    }

    const EpochPlan plan(int64_t(usable.size()), c.batchSize, uint64_t(c.seed), rank, world);
    const int64_t batches = plan.batchesPerEpoch();
    const int64_t totalSteps = int64_t(c.epochs) * batches;
    const auto warmupSteps = int64_t(c.warmupFraction * double(totalSteps));
    const JsonLinesFile metricsFile(runDir / "metrics.jsonl");
    const FrameChoiceLog choices(runDir, c.matching, cache, device);
    if (writer)
        prepareRunFolder(runDir, c, state.globalStep, metricsFile, choices, watched);

    const AudioFrontEnd front(ac);
    LogMelCache logMels(front, c.logMelCacheMegabytes);
    const SpecAugment augment(c, double(ac.logMel.sampleRate) / double(ac.logMel.hopLength));
    // SpecAugment masks every step's log-mel afresh: then the frozen blocks' output is not kept.
    const bool keepFrozen = encoder->frozenBlocks() > 0 && !augment.enabled();
    FrozenFeatureCache frozenFeatures(c.frozenFeatureCacheMegabytes);
    Validation validation(c, ac, device, writer);
    const std::vector<torch::Tensor> summedParameters = join(trainable(encoder->parameters()), extraParameters);
    const std::vector<torch::Tensor> clippedParameters = join(summedParameters, loss->parameters());

    const auto saveCheckpoint = [&] {
        checkFiniteWeights(clippedParameters, c, state.globalStep);
        if (writer)
            TrainCheckpoint::save(runDir, state, c, encoder, *loss, optimizer, extraNamed, c.keepCheckpoints);
    };
    const auto emit = [&](const TrainMetrics& m) {
        if (!writer)
            return;
        metricsFile.append(m.toJson());
        if (onMetrics)
            onMetrics(m);
    };

    TrainResult result;
    for (int epoch = state.epoch; epoch < c.epochs; ++epoch) {
        const auto epochStart = std::chrono::steady_clock::now();
        for (int64_t b = (epoch == state.epoch ? state.stepInEpoch : 0); b < batches; ++b) {
            // Ranks must stop at the same step, or the others would wait for it forever.
            const bool stop = dist ? dist->sum(hooks.cancelled() ? 1.0 : 0.0) > 0 : hooks.cancelled();
            if (stop) {
                saveCheckpoint();
                result.cancelled = true;
                result.steps = state.globalStep;
                return result;
            }
            const auto stepStart = std::chrono::steady_clock::now();
            const double lr = learningRateAt(state.globalStep, totalSteps, warmupSteps, c.learningRate);
            setLearningRates(optimizer, lr, extraScale);
            const LocalBatch batch = loadBatch(plan, epoch, b, usable, cache);
            const auto& rows = batch.rows;
            const torch::Tensor logMel = augment.apply(logMels.batch(rows, batch.audio, device), rows, epoch);
            const torch::Tensor frozen = keepFrozen ? frozenFeatures.batch(rows, logMel, encoder) : torch::Tensor();
            Pairs pairs = pairing->pair({batch.clips, rows, logMel, epoch, front, frozen}, encoder);
            gatherPairs(pairs, dist.get(), device);
            const auto lossValue = pairing->loss(pairs, loss);
            const double value = finiteOrThrow(lossValue, c, state.globalStep);
            optimiserStep(lossValue, optimizer, dist.get(), summedParameters, clippedParameters, c.gradClipNorm);
            state.recordStep(epoch, b, value);  // carried through checkpoints: a resumed epoch reports all its steps
            result.lastLoss = value;
            if (!pairs.frameChoices.empty())
                choices.record(state.globalStep, epoch, rows, pairs.frameChoices, dist.get(), writer);

            emit(metricsLine("step", epoch, state.globalStep, totalSteps, value, lr, loss,
                             double(int64_t(rows.size()) * world), stepStart, world));
            hooks.report({"train", state.globalStep, totalSteps, "loss " + std::to_string(value)});
            if (c.checkpointEverySteps > 0 && state.globalStep % c.checkpointEverySteps == 0 && b + 1 < batches)
                saveCheckpoint();
        }
        TrainMetrics m = metricsLine(
            "epoch", epoch, state.globalStep, totalSteps, state.epochMeanLoss(),
            learningRateAt(std::max<int64_t>(0, state.globalStep - 1), totalSteps, warmupSteps, c.learningRate), loss,
            double(state.epochSteps * c.batchSize), epochStart, world);
        state.startEpoch(epoch + 1);
        validation.into(m, *pairing, encoder);
        if (writer)
            watched.record(encoder, state.globalStep, epoch);  // before the checkpoint: a resume keeps these lines
        emit(m);
        saveCheckpoint();
        if (dist)
            dist->barrier();
    }

    if (writer) {
        saveAudioEncoder(encoder, runDir / "audio-encoder");
        pairing->saveExtras(runDir);
    }
    if (dist)
        dist->barrier();
    result.completed = true;
    result.steps = state.globalStep;
    result.encoderDir = runDir / "audio-encoder";
    return result;
}

} // namespace soundframe
