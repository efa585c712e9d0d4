#include "AudioTrainer.h"

#include "AudioTagTargets.h"
#include "DistributedContext.h"
#include "EpochPlan.h"
#include "InfoNceLoss.h"
#include "LearningRateSchedule.h"
#include "TrainCheckpoint.h"
#include "base/AtomicWrite.h"
#include "base/ClipTimeline.h"
#include "base/ComputeThreads.h"
#include "base/CpuBufferCache.h"
#include "base/Error.h"
#include "data/FrameCacheReader.h"
#include "eval/CacheEmbedding.h"
#include "eval/RetrievalEvaluation.h"
#include "model/AudioFrontEnd.h"
#include "model/ClipTextEmbedder.h"
#include "model/ComputeDevice.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <optional>

namespace soundframe {

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace {

// Keeps the lines of a JSON-lines file whose "step" is at most `step`: after a resume the record
// then reads as if the run had never stopped.
void trimJsonLines(const fs::path& file, int64_t step)
{
    std::ifstream in(file);
    if (!in)
        return;
    std::string kept, line;
    while (std::getline(in, line)) {
        try {
            if (nlohmann::json::parse(line).value("step", int64_t(0)) <= step)
                kept += line + "\n";
        } catch (const nlohmann::json::exception&) {
            // A line torn by a kill is dropped.
        }
    }
    writeFileAtomically(file, kept);
}

void appendLine(const fs::path& file, const std::string& line)
{
    std::ofstream out(file, std::ios::app);
    out << line << "\n";
    if (!out)
        throw Error(file, "cannot append (disk full or read-only?)");
}

std::vector<torch::Tensor> trainable(const std::vector<torch::Tensor>& parameters)
{
    std::vector<torch::Tensor> out;
    for (const auto& p : parameters)
        if (p.requires_grad())
            out.push_back(p);
    return out;
}

// Stage 2 text side: the frozen (or partly unfrozen) text tower and each clip's captions.
struct TextTargets {
    std::optional<ClipTextEmbedder> embedder;
    std::vector<torch::Tensor> trainableParameters;
    std::vector<std::pair<std::string, torch::Tensor>> namedTrainable;
    std::vector<std::vector<int64_t>> captionRows;  // per cache clip: rows of `frozen`
    torch::Tensor frozen;                           // all captions, embedded once when frozen
    std::vector<std::string> texts;
};

TextTargets prepareTextTargets(const TrainConfig& config, const FrameCacheReader& cache, const torch::Device& device)
{
    TextTargets t;
    t.embedder.emplace(config.clipDir, device);
    auto model = t.embedder->model();
    for (auto& p : model->parameters())
        p.set_requires_grad(false);
    if (config.textTowerTrainableBlocks > 0) {
        // The last k encoder blocks, the final norm and the projection learn; the rest stays frozen.
        const auto layers = int(model->config().text.numHiddenLayers);
        const int first = std::max(0, layers - config.textTowerTrainableBlocks);
        for (const auto& item : model->named_parameters()) {
            const auto& name = item.key();
            auto p = item.value();
            bool open = name.rfind("text_model.final_layer_norm", 0) == 0 || name.rfind("text_projection", 0) == 0;
            for (int l = first; l < layers; ++l)
                open = open || name.rfind("text_model.encoder.layers." + std::to_string(l) + ".", 0) == 0;
            if (open) {
                p.set_requires_grad(true);
                t.trainableParameters.push_back(p);
                t.namedTrainable.emplace_back("text." + name, p);
            }
        }
    }
    t.captionRows.resize(cache.size());
    for (size_t i = 0; i < cache.size(); ++i)
        for (const auto& caption : cache.record(i).captions) {
            t.captionRows[i].push_back(int64_t(t.texts.size()));
            t.texts.push_back(caption);
        }
    if (t.trainableParameters.empty())
        t.frozen = t.embedder->embed(t.texts);
    return t;
}

double finiteOrThrow(const torch::Tensor& loss, const TrainConfig& config, int64_t step)
{
    const double value = loss.item<double>();
    if (!std::isfinite(value)) {
        const auto last = TrainCheckpoint::latest(config.runDir);
        throw Error(config.runDir, "the loss became " + std::string(std::isnan(value) ? "NaN" : "infinite")
                                       + " at step " + std::to_string(step + 1) + "; the run stopped. "
                                       + (last ? "The last good checkpoint is " + last->string() + "; "
                                               : std::string("No checkpoint was written yet; "))
                                       + "try a lower learning_rate or grad_clip_norm.");
    }
    return value;
}

} // namespace

AudioTrainer::AudioTrainer(TrainConfig config) : m_config(std::move(config)) {}

TrainResult AudioTrainer::run(const JobHooks& hooks, bool resume)
{
    const auto& c = m_config;
    c.validate();
    // Every step allocates the same activation sizes: reuse the buffers instead of faulting in
    // fresh pages each time.
    const CpuBufferCache bufferCache;
    if (c.threads > 0)
        setComputeThreads(c.threads);
    const auto device = parseComputeDevice(c.device);
    const auto dist = DistributedContext::fromEnvironment(device);
    const int rank = dist ? dist->rank() : 0;
    const int world = dist ? dist->worldSize() : 1;
    const bool writer = rank == 0;
    const fs::path runDir = c.runDir;

    const FrameCacheReader cache(c.trainCache);
    const bool pretrain = c.stage == "pretrain";
    const bool tagging = c.stage == "tag";
    if (pretrain && !cache.settings().withFrames)
        throw Error(c.trainCache, "stage 1 needs frames, but this cache was prepared audio-only");
    // The joint space's size: the cached frames', else (an audio-only cache) the text tower's. Tagging
    // embeds into the joint space too, so stage 1 can start from its encoder.
    const auto jointDim = [&]() -> int {
        if (cache.settings().withFrames)
            return cache.settings().embeddingDim;
        if (c.clipDir.empty())
            throw Error(c.trainCache, "an audio-only cache: name the image-text model (clip_dir) to size the embedding");
        return ClipTextEmbedder(c.clipDir, device).model()->config().projectionDim;
    };

    // Which clips can train: stage 2 needs captions, tagging labels.
    std::optional<TextTargets> text;
    if (c.stage == "finetune")
        text = prepareTextTargets(c, cache, device);
    const int targetDim = text ? text->embedder->model()->config().projectionDim : jointDim();
    std::optional<AudioTagTargets> tags;
    if (tagging) {
        torch::manual_seed(uint64_t(c.seed));  // the head's initialisation, equal on every rank and run
        tags.emplace(cache, c.trainCache, targetDim, device);
    }
    std::vector<int64_t> usable;
    for (size_t i = 0; i < cache.size(); ++i)
        if (pretrain || (text && !text->captionRows[i].empty()) || (tags && tags->labelled(i)))
            usable.push_back(int64_t(i));
    // Tensors trained beside f that checkpoints keep: unfrozen text blocks, or the tagging head.
    const std::vector<std::pair<std::string, torch::Tensor>> extraNamed
        = text ? text->namedTrainable : tags ? tags->namedParameters() : std::vector<std::pair<std::string, torch::Tensor>>{};
    std::vector<torch::Tensor> extraParameters;
    for (const auto& [name, p] : extraNamed)
        extraParameters.push_back(p);

    const auto latest = TrainCheckpoint::latest(runDir);
    if (latest && !resume)
        throw Error(runDir, "holds checkpoints of an earlier run; resume it (--resume) or choose a new run folder");

    torch::manual_seed(uint64_t(c.seed));
    std::optional<LoadedCheckpoint> checkpoint;
    AudioEncoder encoder{nullptr};
    if (latest && resume) {
        checkpoint = TrainCheckpoint::load(*latest, device);
        TrainConfig saved = TrainConfig::fromJson(checkpoint->configJson, latest->string());
        // Settings that do not change the trained weights may differ on resume.
        saved.device = c.device;
        saved.threads = c.threads;
        saved.runDir = c.runDir;
        saved.checkpointEverySteps = c.checkpointEverySteps;
        saved.keepCheckpoints = c.keepCheckpoints;
        if (saved.toJson() != c.toJson())
            throw Error(runDir, "the config differs from the one this run was started with; "
                                "resume with the same config (see " + (runDir / "config.json").string() + ")");
        encoder = checkpoint->encoder;
    } else if (!c.initFrom.empty()) {
        encoder = loadAudioEncoder(c.initFrom, device);
    } else {
        AudioEncoderConfig ac = c.audioEncoderConfig.empty() ? AudioEncoderConfig{}
                                                             : readAudioEncoderConfig(c.audioEncoderConfig);
        ac.embedDim = targetDim;  // fixed by the image-text model's joint space
        ac.validate(c.audioEncoderConfig.empty() ? "audio encoder config" : c.audioEncoderConfig);
        encoder = AudioEncoder(ac);
        encoder->to(device);
    }
    const auto& ac = encoder->config();
    if (ac.embedDim != targetDim)
        throw Error(c.initFrom, "the audio encoder embeds into " + std::to_string(ac.embedDim)
                                    + " dimensions but the image-text model uses " + std::to_string(targetDim));
    if (ac.logMel.sampleRate != cache.settings().audioRate)
        throw Error(c.trainCache, "the cache holds audio at " + std::to_string(cache.settings().audioRate)
                                      + " Hz but the audio encoder expects "
                                      + std::to_string(ac.logMel.sampleRate) + " Hz");
    encoder->train();

    InfoNceOptions lossOptions;
    lossOptions.initialTemperature = c.initialTemperature;
    InfoNceLoss loss(lossOptions);
    loss->to(device);

    std::vector<torch::optim::OptimizerParamGroup> groups;
    {
        auto encoderGroup = trainable(encoder->parameters());
        if (tags)
            encoderGroup.insert(encoderGroup.end(), extraParameters.begin(), extraParameters.end());
        groups.emplace_back(encoderGroup);
    }
    {
        auto options = std::make_unique<torch::optim::AdamWOptions>(c.learningRate);
        options->weight_decay(0.0);  // no decay on the temperature
        groups.emplace_back(loss->parameters(), std::move(options));
    }
    if (text && !text->trainableParameters.empty())
        groups.emplace_back(text->trainableParameters, std::make_unique<torch::optim::AdamWOptions>(c.textLearningRate));
    torch::optim::AdamW optimizer(groups, torch::optim::AdamWOptions(c.learningRate).weight_decay(c.weightDecay));

    TrainProgressState state;
    if (checkpoint) {
        state = checkpoint->state;
        loss->logitScaleParameter().data().copy_(checkpoint->tensors.at("loss.logit_scale").to(device));
        for (const auto& [name, p] : extraNamed) {
            const auto it = checkpoint->tensors.find(name);
            if (it == checkpoint->tensors.end())
                throw Error(*latest, "checkpoint lacks " + name);
            p.data().copy_(it->second.to(device));
        }
        TrainCheckpoint::restoreOptimizer(*checkpoint, optimizer);
        TrainCheckpoint::restoreRandomState(*checkpoint);
    } else if (dist) {
        dist->broadcastFromRankZero(encoder->parameters());
        dist->broadcastFromRankZero(encoder->buffers());
    }

    const EpochPlan plan(int64_t(usable.size()), c.batchSize, uint64_t(c.seed), rank, world);
    const int64_t batches = plan.batchesPerEpoch();
    const int64_t totalSteps = int64_t(c.epochs) * batches;
    const auto warmupSteps = int64_t(c.warmupFraction * double(totalSteps));
    if (writer) {
        fs::create_directories(runDir);
        TrainCheckpoint::removeLeftovers(runDir);  // of a killed earlier attempt
        writeFileAtomically(runDir / "config.json", c.toJson());
        trimJsonLines(runDir / "metrics.jsonl", state.globalStep);
        trimJsonLines(runDir / "choices.jsonl", state.globalStep);
    }

    const AudioFrontEnd front(ac);
    std::vector<torch::Tensor> encoderParameters = trainable(encoder->parameters());
    std::vector<torch::Tensor> summedParameters = encoderParameters;
    summedParameters.insert(summedParameters.end(), extraParameters.begin(), extraParameters.end());
    std::vector<torch::Tensor> clippedParameters = summedParameters;
    for (const auto& p : loss->parameters())
        clippedParameters.push_back(p);

    const auto saveCheckpoint = [&] {
        // A step can leave the weights non-finite while its loss was still finite: such a state must
        // never replace the last good checkpoint. Every rank checks (their weights are identical), so
        // all of them stop together.
        for (const auto& p : clippedParameters)
            if (!torch::isfinite(p).all().item<bool>())
                throw Error(c.runDir, "the weights became NaN or infinite at step " + std::to_string(state.globalStep)
                                          + "; the run stopped. "
                                          + (TrainCheckpoint::latest(runDir)
                                                 ? "The last good checkpoint is " + TrainCheckpoint::latest(runDir)->string() + "; "
                                                 : std::string("No checkpoint was written yet; "))
                                          + "try a lower learning_rate or grad_clip_norm.");
        if (!writer)
            return;
        TrainCheckpoint::save(runDir, state, c, encoder, *loss, optimizer, extraNamed, c.keepCheckpoints);
    };
    const auto emit = [&](const TrainMetrics& m) {
        if (!writer)
            return;
        appendLine(runDir / "metrics.jsonl", m.toJson());
        if (onMetrics)
            onMetrics(m);
    };

    TrainResult result;
    const int64_t segmentLength = std::llround(c.segmentSeconds * ac.logMel.sampleRate);
    for (int epoch = state.epoch; epoch < c.epochs; ++epoch) {
        const auto epochStart = std::chrono::steady_clock::now();
        // Carried through checkpoints so a resumed epoch reports the mean of all its steps.
        double& epochLoss = state.epochLossSum;
        int64_t& epochSteps = state.epochSteps;
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
            optimizer.param_groups()[0].options().set_lr(lr);
            optimizer.param_groups()[1].options().set_lr(lr);
            if (optimizer.param_groups().size() > 2)
                optimizer.param_groups()[2].options().set_lr(lr * c.textLearningRate / c.learningRate);

            const auto local = plan.localBatch(epoch, b);
            std::vector<CachedClip> clips;
            std::vector<torch::Tensor> audio;
            for (auto item : local) {
                clips.push_back(cache.load(size_t(usable[size_t(item)])));
                audio.push_back(clips.back().audio);
            }
            const auto logmel = front.logMel(audio, device);
            const auto batchSize = int64_t(local.size());

            torch::Tensor x, y, groupIds;
            std::vector<int64_t> chosen;  // Random / Nearest: the frame each clip was paired with
            if (pretrain && c.matching == "multiframe") {
                const auto frameCount = int(clips[0].frameSeconds.size());
                for (const auto& clip : clips)
                    if (int(clip.frameSeconds.size()) != frameCount)
                        throw Error(c.trainCache, "multiframe matching needs clips with equal frame counts ("
                                                      + std::to_string(frameCount) + " vs "
                                                      + std::to_string(clip.frameSeconds.size()) + ")");
                const int64_t clipLength = std::min<int64_t>(clips[0].audio.numel(), front.clipSamples());
                const ClipTimeline timeline(SampleTime{0, ac.logMel.sampleRate},
                                            SampleTime{clipLength, ac.logMel.sampleRate}, frameCount);
                std::vector<std::pair<int64_t, int64_t>> ranges;
                for (int l = 0; l < frameCount; ++l) {
                    const auto [begin, end] = timeline.segmentSamples(l, segmentLength);
                    ranges.push_back(front.frameRange(begin, end));
                }
                x = encoder->forwardSegments(logmel, ranges).reshape({batchSize * frameCount, -1});
                std::vector<torch::Tensor> frames;
                for (const auto& clip : clips)
                    frames.push_back(clip.frameEmbeddings);
                y = torch::stack(frames, 0).reshape({batchSize * frameCount, -1}).to(device);
                if (c.maskSameClipNegatives)
                    groupIds = (torch::arange(batchSize, torch::kInt64) + rank * batchSize).repeat_interleave(frameCount);
            } else if (pretrain) {
                const bool nearest = c.matching == "nearest" && epoch >= c.nearestWarmupEpochs;
                torch::Tensor audioForChoice;
                if (nearest) {
                    // The choice uses the current encoder in eval mode and no gradient flows through it.
                    torch::NoGradGuard noGrad;
                    encoder->eval();
                    audioForChoice = F::normalize(encoder->forward(logmel), F::NormalizeFuncOptions().dim(1));
                    encoder->train();
                }
                std::vector<torch::Tensor> frames;
                for (size_t i = 0; i < clips.size(); ++i) {
                    const auto& e = clips[i].frameEmbeddings;
                    int64_t l;
                    if (nearest) {
                        const auto unitFrames = F::normalize(e.to(device), F::NormalizeFuncOptions().dim(1));
                        auto sims = torch::matmul(unitFrames, audioForChoice[int64_t(i)]);
                        // Centred: less what each frame scores against the batch's audio on average, so a
                        // frame that resembles every sound (a hub) does not win for all of them.
                        if (c.nearestCentred)
                            sims = sims - torch::matmul(unitFrames, audioForChoice.t()).mean(1);
                        l = sims.argmax().item<int64_t>();
                    } else {
                        l = EpochPlan::draw(uint64_t(c.seed), epoch, usable[size_t(local[i])], EpochPlan::kFrameSalt,
                                            e.size(0));
                    }
                    chosen.push_back(l);
                    frames.push_back(e[l]);
                }
                x = encoder->forward(logmel);
                y = torch::stack(frames, 0).to(device);
            } else if (tagging) {
                std::vector<int64_t> rows;
                for (auto item : local)
                    rows.push_back(usable[size_t(item)]);
                x = encoder->forward(logmel);
                y = tags->targets(rows);
            } else {
                std::vector<int64_t> rows;
                for (size_t i = 0; i < clips.size(); ++i) {
                    const auto& captions = text->captionRows[size_t(usable[size_t(local[i])])];
                    rows.push_back(captions[size_t(EpochPlan::draw(uint64_t(c.seed), epoch, usable[size_t(local[i])],
                                                                   EpochPlan::kCaptionSalt, int64_t(captions.size())))]);
                }
                x = encoder->forward(logmel);
                if (text->frozen.defined()) {
                    y = text->frozen.index_select(0, torch::tensor(rows, torch::kInt64)).to(device);
                } else {
                    std::vector<std::string> batchTexts;
                    for (auto r : rows)
                        batchTexts.push_back(text->texts[size_t(r)]);
                    y = text->embedder->model()->textFeatures(text->embedder->tokenIds(batchTexts));
                }
            }
            if (dist) {
                x = dist->allGatherKeepingLocalGrad(x);
                y = dist->allGatherKeepingLocalGrad(y);
                if (groupIds.defined())
                    groupIds = dist->allGatherKeepingLocalGrad(groupIds.to(device));
            }
            const auto lossValue = tagging ? tags->loss(x, y) : loss(x, y, groupIds);
            const double value = finiteOrThrow(lossValue, c, state.globalStep);
            optimizer.zero_grad();
            lossValue.backward();
            if (dist)
                dist->sumGradients(summedParameters);
            if (c.gradClipNorm > 0)
                torch::nn::utils::clip_grad_norm_(clippedParameters, c.gradClipNorm);
            optimizer.step();
            ++state.globalStep;
            state.epoch = epoch;
            state.stepInEpoch = b + 1;
            epochLoss += value;
            ++epochSteps;
            result.lastLoss = value;

            if (!chosen.empty()) {
                auto picks = torch::tensor(chosen, torch::kInt64);
                auto items = torch::tensor(local, torch::kInt64);
                if (dist) {
                    picks = dist->allGatherKeepingLocalGrad(picks.to(device)).cpu();
                    items = dist->allGatherKeepingLocalGrad(items.to(device)).cpu();
                }
                if (writer) {
                    // One append per step, not one per clip.
                    std::string lines;
                    items = items.contiguous();
                    picks = picks.contiguous();
                    const auto* item = items.data_ptr<int64_t>();
                    const auto* pick = picks.data_ptr<int64_t>();
                    for (int64_t i = 0; i < picks.numel(); ++i) {
                        const auto& record = cache.record(size_t(usable[size_t(item[i])]));
                        lines += (i ? "\n" : "")
                            + nlohmann::json{{"step", state.globalStep}, {"epoch", epoch}, {"matching", c.matching},
                                             {"clip", record.id}, {"frame", pick[i]}}.dump();
                    }
                    appendLine(runDir / "choices.jsonl", lines);
                }
            }
            TrainMetrics m;
            m.epoch = epoch;
            m.step = state.globalStep;
            m.totalSteps = totalSteps;
            m.loss = value;
            m.learningRate = lr;
            m.temperature = loss->temperature();
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - stepStart).count();
            m.samplesPerSecond = seconds > 0 ? double(batchSize * world) / seconds : 0;
            emit(m);
            hooks.report({"train", state.globalStep, totalSteps, "loss " + std::to_string(value)});
            if (c.checkpointEverySteps > 0 && state.globalStep % c.checkpointEverySteps == 0 && b + 1 < batches)
                saveCheckpoint();
        }
        const double epochMean = epochSteps ? epochLoss / double(epochSteps) : 0;
        const int64_t stepsThisEpoch = epochSteps;
        state = {epoch + 1, 0, state.globalStep, 0.0, 0};

        TrainMetrics m;
        m.kind = "epoch";
        m.epoch = epoch;
        m.step = state.globalStep;
        m.totalSteps = totalSteps;
        m.loss = epochMean;
        m.learningRate = learningRateAt(std::max<int64_t>(0, state.globalStep - 1), totalSteps, warmupSteps, c.learningRate);
        m.temperature = loss->temperature();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart).count();
        m.samplesPerSecond = seconds > 0 ? double(stepsThisEpoch * c.batchSize) / seconds : 0;
        if (writer && c.validateEachEpoch && !c.valCache.empty()) {
            const FrameCacheReader val(c.valCache);
            EvaluationEmbeddings e;
            e.audio = embedCachedAudio(encoder, val, device);
            if (tags)
                m.validation["tagging/top1"] = tags->topOneAccuracy(e.audio, val);
            else if (val.settings().withFrames)
                e.images = middleFrameEmbeddings(val);
            if (text) {
                auto [texts, owner] = cacheCaptions(val);
                e.captions = text->embedder->embed(texts);
                e.captionClip = owner;
            }
            const auto report = tags ? RetrievalReport{} : evaluateRetrieval(e);
            for (const auto& direction : RetrievalReport::directionOrder())
                if (report.has(direction)) {
                    const auto& s = report.get(direction);
                    m.validation[direction + "/R@1"] = s.recallAt1;
                    m.validation[direction + "/R@10"] = s.recallAt10;
                }
        }
        emit(m);
        saveCheckpoint();
        if (dist)
            dist->barrier();
    }

    if (writer) {
        saveAudioEncoder(encoder, runDir / "audio-encoder");
        if (tags)
            writeFileAtomically(runDir / "tag-classes.json", nlohmann::json(tags->classes()).dump(1) + "\n");
        if (text && !text->trainableParameters.empty())
            text->embedder->model()->save(runDir / "clip", c.clipDir);
    }
    if (dist)
        dist->barrier();
    result.completed = true;
    result.steps = state.globalStep;
    result.encoderDir = runDir / "audio-encoder";
    return result;
}

} // namespace soundframe
