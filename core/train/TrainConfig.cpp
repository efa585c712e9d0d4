#include "TrainConfig.h"

#include "ClipPairingRegistry.h"
#include "base/Error.h"
#include "base/FileText.h"
#include "base/JsonFields.h"

#include <nlohmann/json.hpp>

#include <type_traits>

namespace soundframe {

namespace {
// One table drives both directions of the JSON mapping, so a new field cannot be forgotten in one.
template <typename Visitor>
void visitFields(TrainConfig& c, Visitor&& v)
{
    v("stage", c.stage);
    v("matching", c.matching);
    v("nearest_warmup_epochs", c.nearestWarmupEpochs);
    v("nearest_warmup_matching", c.nearestWarmupMatching);
    v("nearest_centred", c.nearestCentred);
    v("segment_seconds", c.segmentSeconds);
    v("mask_same_clip_negatives", c.maskSameClipNegatives);
    v("train_cache", c.trainCache);
    v("val_cache", c.valCache);
    v("watch_cache", c.watchCache);
    v("clip_dir", c.clipDir);
    v("audio_encoder_config", c.audioEncoderConfig);
    v("init_from", c.initFrom);
    v("init_from_matching", c.initFromMatching);
    v("run_dir", c.runDir);
    v("frozen_audio_blocks", c.frozenAudioBlocks);
    v("epochs", c.epochs);
    v("batch_size", c.batchSize);
    v("learning_rate", c.learningRate);
    v("weight_decay", c.weightDecay);
    v("warmup_fraction", c.warmupFraction);
    v("grad_clip_norm", c.gradClipNorm);
    v("initial_temperature", c.initialTemperature);
    v("text_tower_trainable_blocks", c.textTowerTrainableBlocks);
    v("text_learning_rate", c.textLearningRate);
    v("spec_augment_frequency_masks", c.specAugmentFrequencyMasks);
    v("spec_augment_frequency_bins", c.specAugmentFrequencyBins);
    v("spec_augment_time_masks", c.specAugmentTimeMasks);
    v("spec_augment_time_seconds", c.specAugmentTimeSeconds);
    v("seed", c.seed);
    v("checkpoint_every_steps", c.checkpointEverySteps);
    v("keep_checkpoints", c.keepCheckpoints);
    v("device", c.device);
    v("threads", c.threads);
    v("log_mel_cache_mb", c.logMelCacheMegabytes);
    v("frozen_feature_cache_mb", c.frozenFeatureCacheMegabytes);
    v("validate_each_epoch", c.validateEachEpoch);
}


// The enums' JSON names (the only place besides the CLI where they are spelled).
std::string jsonName(TrainStage stage) { return trainStageName(stage); }
std::string jsonName(WarmupMatching matching) { return warmupMatchingName(matching); }
void fromJsonName(const std::string& name, TrainStage& stage, const JsonFields& fields, const char* key)
{
    const auto parsed = trainStageFromName(name);
    if (!parsed)
        throw Error(fields.where(), std::string("key '") + key + "': expected tag, pretrain or finetune, got '" + name + "'");
    stage = *parsed;
}
void fromJsonName(const std::string& name, WarmupMatching& matching, const JsonFields& fields, const char* key)
{
    const auto parsed = warmupMatchingFromName(name);
    if (!parsed)
        throw Error(fields.where(), std::string("key '") + key + "': expected random or multiframe, got '" + name + "'");
    matching = *parsed;
}
} // namespace

std::string TrainConfig::toJson() const
{
    nlohmann::ordered_json j;
    TrainConfig copy = *this;
    visitFields(copy, [&](const char* key, const auto& value) {
        if constexpr (std::is_enum_v<std::decay_t<decltype(value)>>)
            j[key] = jsonName(value);
        else
            j[key] = value;
    });
    return j.dump(2) + "\n";
}

void TrainConfig::merge(const std::string& json, const std::string& where)
{
    JsonFields fields = JsonFields::parse(json, where);
    visitFields(*this, [&](const char* key, auto& value) {
        if constexpr (std::is_enum_v<std::decay_t<decltype(value)>>) {
            std::string name = jsonName(value);
            fields.read(key, name);
            fromJsonName(name, value, fields, key);
        } else {
            fields.read(key, value);
        }
    });
    fields.finish();
}

TrainConfig TrainConfig::fromJson(const std::string& json, const std::string& where)
{
    TrainConfig c;
    c.merge(json, where);
    return c;
}

TrainConfig TrainConfig::fromJsonFile(const std::filesystem::path& path)
{
    return fromJson(readFileText(path), path.string());
}

int TrainConfig::choiceWarmupEpochs() const
{
    return stage == TrainStage::Pretrain && ClipPairingRegistry::traits(matching).picksMostSimilarFrame ? nearestWarmupEpochs : 0;
}

void TrainConfig::validate(const std::string& where) const
{
    const auto fail = [&](const std::string& field, const std::string& why) { throw Error(where, field + ": " + why); };
    if (!ClipPairingRegistry::has(matching))
        fail("matching", "expected one of " + ClipPairingRegistry::matchingsText() + ", got '" + matching + "'");
    if (trainCache.empty())
        fail("train_cache", "required");
    if (runDir.empty())
        fail("run_dir", "required");
    if (!watchCache.empty() && stage != TrainStage::Pretrain)
        fail("watch_cache", "only stage 1 (pretrain) pairs audio with frames: nothing to watch in this stage");
    if (stage == TrainStage::Finetune && clipDir.empty())
        fail("clip_dir", "stage 2 needs the image-text model's text tower");
    if (epochs < 1)
        fail("epochs", "must be >= 1");
    if (batchSize < 2)
        fail("batch_size", "needs at least 2 clips per batch (a contrastive loss; BatchNorm when tagging)");
    if (learningRate <= 0 || weightDecay < 0)
        fail("learning_rate", "must be > 0 (and weight_decay >= 0)");
    if (warmupFraction < 0 || warmupFraction >= 1)
        fail("warmup_fraction", "must be in [0, 1)");
    if (nearestWarmupEpochs < 0)
        fail("nearest_warmup_epochs", "must be >= 0");
    if (segmentSeconds <= 0)
        fail("segment_seconds", "must be > 0");
    if (initialTemperature <= 0)
        fail("initial_temperature", "must be > 0");
    if (frozenAudioBlocks < 0)
        fail("frozen_audio_blocks", "must be >= 0");
    if (frozenAudioBlocks > 0 && initFrom.empty())
        fail("frozen_audio_blocks", "freezes what init_from learned: a run from scratch has nothing to keep");
    if (textTowerTrainableBlocks < 0)
        fail("text_tower_trainable_blocks", "must be >= 0");
    if (specAugmentFrequencyMasks < 0 || specAugmentTimeMasks < 0)
        fail("spec_augment_frequency_masks", "mask counts must be >= 0");
    if (specAugmentFrequencyBins < 0 || specAugmentTimeSeconds < 0)
        fail("spec_augment_frequency_bins", "mask widths must be >= 0");
    if (keepCheckpoints < 1)
        fail("keep_checkpoints", "must be >= 1");
    if (logMelCacheMegabytes < 0)
        fail("log_mel_cache_mb", "must be >= 0");
    if (frozenFeatureCacheMegabytes < 0)
        fail("frozen_feature_cache_mb", "must be >= 0");
}

} // namespace soundframe
