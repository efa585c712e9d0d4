#include "TrainCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "InterruptFlag.h"
#include "ProgressPrinter.h"
#include "ShippedConfigs.h"
#include "base/Error.h"
#include "train/AudioTrainer.h"
#include "train/TrainCheckpoint.h"
#include "train/TrainConfig.h"

#include <c10/util/Exception.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <new>
#include <optional>

namespace soundframe {

namespace {
namespace fs = std::filesystem;

const char* kRunLayout =
    "Run folder (--run RUN):\n"
    "  RUN/config.json        the full training config as run (resume reads it)\n"
    "  RUN/metrics.jsonl      one JSON line per step and per epoch (loss, lr, temperature, validation)\n"
    "  RUN/choices.jsonl      stage 1 random/nearest: the frame paired with each clip, per epoch\n"
    "  RUN/watched_picks.jsonl  stage 1 with --watch-cache: each held-out clip's most similar frame, per epoch\n"
    "  RUN/checkpoints/       step-NNNNNNNN/ snapshots (encoder, optimiser, RNG, progress) and 'latest'\n"
    "  RUN/audio-encoder/     the trained encoder (config.json, model.safetensors) when the run completes\n"
    "  RUN/clip/              finetune with --unfreeze-text-blocks: the fine-tuned image-text model\n"
    "See docs/training.md.";

// A training step that does not fit in memory: what happened, that the run folder is intact, and
// what to change. `detail` is the allocator's message.
Error outOfMemory(const TrainConfig& c, const std::string& detail)
{
    const auto checkpoint = TrainCheckpoint::latest(c.runDir);
    return Error(c.runDir, "out of memory in a training step with a batch of " + std::to_string(c.batchSize)
                               + " clips (" + detail + "). The run folder is intact: "
                               + (checkpoint ? "its latest checkpoint is " + checkpoint->string()
                                             : std::string("no checkpoint was written yet"))
                               + ". Train with a smaller --batch (e.g. " + std::to_string(std::max(1, c.batchSize / 2))
                               + ") in a new run folder, or resume this one (--resume) where more memory is free.");
}

// LibTorch reports a failed CPU allocation as a c10::Error from its DefaultCPUAllocator (or from
// base/CpuBufferCache, "out of memory") and a failed GPU one as c10::OutOfMemoryError; anything
// else is not about memory.
std::optional<std::string> outOfMemoryDetail(const c10::Error& e)
{
    std::string message = e.what_without_backtrace();
    const auto allocator = message.find("DefaultCPUAllocator");
    if (allocator == std::string::npos && message.find("out of memory") == std::string::npos
        && !dynamic_cast<const c10::OutOfMemoryError*>(&e))
        return std::nullopt;
    message = message.substr(allocator == std::string::npos ? 0 : allocator);
    return message.substr(0, message.find('\n'));
}
} // namespace

TrainCommand::TrainCommand(TrainStage stage) : m_stage(stage) {}

QString TrainCommand::name() const
{
    return QString::fromStdString(m_stage == TrainStage::Tag ? "pretrain-audio" : trainStageName(m_stage));
}

QString TrainCommand::summary() const
{
    if (m_stage == TrainStage::Tag)
        return "Before stage 1: pretrain the audio encoder on the cache's class labels (audio tagging).";
    return m_stage == TrainStage::Pretrain ? "Stage 1: train the audio encoder against cached video frames (audio-image)."
                                 : "Stage 2: fine-tune the audio encoder on captions (audio-text).";
}

int TrainCommand::run(const QStringList& arguments, CliStreams& io)
{
    const bool pretrain = m_stage == TrainStage::Pretrain;
    const std::string command = name().toStdString();
    QCommandLineParser parser;
    const QString usage = QString::fromStdString("soundframe-cli " + command
                                                 + " [--config NAME|FILE] --train-cache DIR --run DIR [options]");
    const char* purpose = m_stage == TrainStage::Tag
        ? "Audio tagging before stage 1, as the field starts from an encoder pretrained on AudioSet labels: a "
          "linear head over the audio encoder's embedding learns each clip's class labels (multi-label binary "
          "cross-entropy); the encoder, in the image-text model's embedding size, is what stage 1 starts from "
          "(--init-from RUN/audio-encoder). The cache's clips need labels; an audio-only cache needs --clip."
        : pretrain ? "Stage 1 of the method: train an audio encoder so that f(audio) "
                     "meets the frozen image tower's g(frame) of the same video, pairing "
                     "frames by random, nearest or multiframe matching."
                   : "Stage 2 of the method: fine-tune the audio encoder on (audio, "
                     "caption) pairs against the frozen CLIP text tower.";
    const QString description = QString(purpose)
                                + "\nSettings: TrainConfig defaults < --config (a JSON file with snake_case keys, or a "
                                  "shipped config: --list-configs) < flags.\n"
                                + kRunLayout;
    CommonOptions common(parser, usage, description, {true, ProgressPrinter::Mode::Bar});
    const QCommandLineOption configOpt("config", "Training config: a JSON file (keys as in RUN/config.json) or the "
                                                 "name of a shipped one (--list-configs).", "NAME|FILE");
    const QCommandLineOption listOpt("list-configs", "List the shipped training configs of this stage and what each "
                                                     "sets, then exit.");
    const QCommandLineOption trainOpt("train-cache", "Prepared cache to train on.", "DIR");
    const QCommandLineOption valOpt("val-cache", "Prepared cache for validation recalls at each epoch end.", "DIR");
    const QCommandLineOption watchOpt("watch-cache", "Prepared cache of held-out clips to watch: at each epoch end, "
                                                     "each clip's most similar frame (Nearest's argmax) goes to "
                                                     "RUN/watched_picks.jsonl. Never trained on.", "DIR");
    const QCommandLineOption clipOpt("clip", "Image-text model folder (text tower + tokenizer).", "DIR");
    const QCommandLineOption runOpt("run", "Run folder (config, metrics, checkpoints, model).", "DIR");
    const QCommandLineOption matchingOpt("matching", "random, nearest or multiframe.", "MODE");
    const QCommandLineOption epochsOpt("epochs", "Passes over the training cache.", "N");
    const QCommandLineOption batchOpt("batch", "Clips per global batch (all processes together).", "N");
    const QCommandLineOption lrOpt("lr", "AdamW peak learning rate.", "LR");
    const QCommandLineOption wdOpt("weight-decay", "AdamW weight decay.", "WD");
    const QCommandLineOption warmupFractionOpt("warmup-fraction", "Share of steps with linear LR warm-up.", "F");
    const QCommandLineOption clipNormOpt("grad-clip", "Global gradient norm clip (<= 0: off).", "NORM");
    const QCommandLineOption seedOpt("seed", "Seed of data order, frame draws and initialisation.", "N");
    const QCommandLineOption warmupEpochsOpt("warmup-epochs", "nearest: epochs before the argmax takes over.", "N");
    const QCommandLineOption warmupMatchingOpt("warmup-matching", "nearest: how the warm-up epochs pair: random (the paper's) "
                                                                  "or multiframe.", "MODE");
    const QCommandLineOption centredOpt("centred", "nearest: score each frame less its mean cosine with the batch's "
                                                   "audio (a hubness correction; not the paper's plain argmax).");
    const QCommandLineOption segmentOpt("segment-seconds", "multiframe: audio segment length around each frame.", "S");
    const QCommandLineOption maskOpt("mask-same-clip", "multiframe: leave a clip's other segments out of its negatives.");
    const QCommandLineOption initOpt("init-from", "Audio encoder folder to start from (e.g. a stage-1 run's).", "DIR");
    const QCommandLineOption frozenOpt("frozen-audio-blocks", "Keep the first K blocks of the --init-from audio "
                                                              "encoder as they are; train the rest (0: all).", "K");
    const QCommandLineOption audioConfigOpt("audio-config", "Audio encoder config for a new encoder: a JSON file or a "
                                                            "shipped name (" + ShippedConfigs::names(ShippedConfigs::AudioEncoder).join(", ") + ").", "NAME|FILE");
    const QCommandLineOption unfreezeOpt("unfreeze-text-blocks", "Train the last K text blocks too (0: frozen).", "K");
    const QCommandLineOption textLrOpt("text-lr", "Learning rate of unfrozen text blocks.", "LR");
    const QCommandLineOption everyOpt("checkpoint-every", "Checkpoint every N steps (and at each epoch end).", "N");
    const QCommandLineOption keepOpt("keep-checkpoints", "Newest checkpoints kept on disk.", "N");
    const QCommandLineOption freqMasksOpt("freq-masks", "SpecAugment: mel-band masks a training clip (widest: "
                                                        "spec_augment_frequency_bins in --config; 0: off).", "N");
    const QCommandLineOption timeMasksOpt("time-masks", "SpecAugment: time masks a training clip (widest: "
                                                        "spec_augment_time_seconds in --config; 0: off).", "N");
    const QCommandLineOption resumeOpt("resume", "Continue the run in --run from its newest checkpoint.");
    std::vector<QCommandLineOption> options{configOpt, listOpt, trainOpt, valOpt, clipOpt, runOpt, epochsOpt, batchOpt,
                                            lrOpt, wdOpt, warmupFractionOpt, clipNormOpt, seedOpt, initOpt,
                                            frozenOpt, audioConfigOpt, freqMasksOpt, timeMasksOpt, everyOpt, keepOpt, resumeOpt};
    if (pretrain) {
        for (const auto& o : {watchOpt, matchingOpt, warmupEpochsOpt, warmupMatchingOpt, centredOpt, segmentOpt, maskOpt})
            options.push_back(o);
    } else if (m_stage == TrainStage::Finetune) {
        for (const auto& o : {unfreezeOpt, textLrOpt})
            options.push_back(o);
    }
    for (const auto& o : options)
        parser.addOption(o);
    if (auto code = common.parse(arguments, io))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return common.usageError("unexpected argument '" + parser.positionalArguments().first() + "'", io);
    if (parser.isSet(listOpt)) {
        for (const QString& name : ShippedConfigs::names(ShippedConfigs::Training)) {
            const auto config = ShippedConfigs::resolve(ShippedConfigs::Training, name);
            if (TrainConfig::fromJson(config.json, config.where).stage == m_stage)
                io.out << name.toStdString() << "  " << nlohmann::json::parse(config.json).dump() << "\n";
        }
        return ExitSuccess;
    }

    const bool resume = parser.isSet(resumeOpt);

    TrainConfig c;
    if (parser.isSet(configOpt)) {
        const auto config = ShippedConfigs::resolve(ShippedConfigs::Training, parser.value(configOpt));
        c = TrainConfig::fromJson(config.json, config.where);
        if (c.stage != m_stage && nlohmann::json::parse(config.json).contains("stage"))
            return common.usageError(QString::fromStdString(config.where + ": a config of stage '"
                                                            + trainStageName(c.stage) + "', not of " + command), io);
    } else if (resume && parser.isSet(runOpt)) {
        const auto saved = argumentPath(parser.value(runOpt)) / "config.json";
        if (fs::exists(saved))
            c = TrainConfig::fromJsonFile(saved);
    }
    c.stage = m_stage;

    // Flag overrides; a malformed number is a usage error naming the flag.
    QString badFlag;
    const auto text = [&](const QCommandLineOption& o, std::string& field) {
        if (parser.isSet(o))
            field = argumentBytes(parser.value(o));
    };
    const auto integer = [&](const QCommandLineOption& o, int& field) {
        if (!parser.isSet(o))
            return;
        bool ok = false;
        field = parser.value(o).toInt(&ok);
        if (!ok)
            badFlag = "--" + o.names().first() + " takes a whole number";
    };
    const auto number = [&](const QCommandLineOption& o, double& field) {
        if (!parser.isSet(o))
            return;
        bool ok = false;
        field = parser.value(o).toDouble(&ok);
        if (!ok)
            badFlag = "--" + o.names().first() + " takes a number";
    };
    text(trainOpt, c.trainCache);
    text(valOpt, c.valCache);
    text(clipOpt, c.clipDir);
    text(runOpt, c.runDir);
    text(initOpt, c.initFrom);
    text(audioConfigOpt, c.audioEncoderConfig);
    c.device = common.device(c.device);
    integer(epochsOpt, c.epochs);
    integer(batchOpt, c.batchSize);
    number(lrOpt, c.learningRate);
    number(wdOpt, c.weightDecay);
    number(warmupFractionOpt, c.warmupFraction);
    number(clipNormOpt, c.gradClipNorm);
    integer(seedOpt, c.seed);
    integer(everyOpt, c.checkpointEverySteps);
    integer(keepOpt, c.keepCheckpoints);
    integer(frozenOpt, c.frozenAudioBlocks);
    integer(freqMasksOpt, c.specAugmentFrequencyMasks);
    integer(timeMasksOpt, c.specAugmentTimeMasks);
    if (pretrain) {
        text(watchOpt, c.watchCache);
        text(matchingOpt, c.matching);
        integer(warmupEpochsOpt, c.nearestWarmupEpochs);
        if (parser.isSet(warmupMatchingOpt)) {
            const auto warmup = warmupMatchingFromName(argumentBytes(parser.value(warmupMatchingOpt)));
            if (warmup)
                c.nearestWarmupMatching = *warmup;
            else
                badFlag = "--warmup-matching takes random or multiframe";
        }
        number(segmentOpt, c.segmentSeconds);
        if (parser.isSet(maskOpt))
            c.maskSameClipNegatives = true;
        if (parser.isSet(centredOpt))
            c.nearestCentred = true;
    } else if (m_stage == TrainStage::Finetune) {
        integer(unfreezeOpt, c.textTowerTrainableBlocks);
        number(textLrOpt, c.textLearningRate);
    }
    if (parser.isSet("threads"))
        c.threads = parser.value("threads").toInt();
    if (!badFlag.isEmpty())
        return common.usageError(badFlag, io);
    try {
        c.validate(parser.isSet(configOpt) ? argumentBytes(parser.value(configOpt)) : "training config");
    } catch (const Error& e) {
        return common.usageError(QString::fromStdString(e.what()), io);
    }
    try {
        c.audioEncoderConfig = ShippedConfigs::audioEncoderConfigFile(c.audioEncoderConfig, c.runDir);
    } catch (const Error& e) {
        return common.usageError(QString("audio encoder config: ") + e.what(), io);
    }

    ProgressPrinter printer(io.err, common.progress());  // progress on stderr, as every command; the summary on stdout
    const bool jsonl = common.progress() == ProgressPrinter::Mode::JsonLines;
    if (!jsonl)
        io.err << command << ": run folder " << c.runDir << (resume ? " (resuming)" : "") << "\n";

    InterruptFlag interrupt;  // Ctrl-C / SIGTERM: checkpoint, then stop
    JobHooks hooks;
    hooks.cancel = interrupt.flag();
    hooks.onProgress = [&](const JobProgress& p) { printer.print(p); };
    AudioTrainer trainer(c);
    TrainResult result;
    try {
        result = trainer.run(hooks, resume);
    } catch (const std::bad_alloc&) {
        printer.finish();
        throw outOfMemory(c, "an allocation failed");
    } catch (const c10::Error& e) {
        printer.finish();
        const auto detail = outOfMemoryDetail(e);
        if (!detail)
            throw;
        throw outOfMemory(c, *detail);
    } catch (...) {
        printer.finish();
        throw;
    }
    printer.finish();

    const auto checkpoint = TrainCheckpoint::latest(c.runDir);
    if (result.cancelled) {
        const std::string how = "soundframe-cli " + command + " --run " + c.runDir + " --resume";
        if (jsonl)
            io.out << nlohmann::json{{"status", "interrupted"}, {"run", c.runDir}, {"steps", result.steps},
                                     {"checkpoint", checkpoint ? checkpoint->string() : ""}, {"resume", how}}.dump()
                   << "\n";
        io.err << command << ": interrupted after step " << result.steps << "; checkpoint "
               << (checkpoint ? checkpoint->string() : std::string("(none)")) << ". Continue with: " << how << "\n";
        return ExitFailure;
    }
    if (jsonl) {
        io.out << nlohmann::json{{"status", "completed"}, {"run", c.runDir}, {"steps", result.steps},
                                 {"final_loss", result.lastLoss}, {"encoder", result.encoderDir.string()}}.dump()
               << "\n";
    } else {
        io.out << "run: " << c.runDir << "\nsteps: " << result.steps << "\nfinal loss: " << result.lastLoss
               << "\naudio encoder: " << result.encoderDir.string() << "\n";
    }
    return ExitSuccess;
}

} // namespace soundframe
