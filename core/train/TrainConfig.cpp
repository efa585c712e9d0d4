#include "TrainConfig.h"

#include "base/Error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace soundframe {

namespace {
// One table drives both directions of the JSON mapping, so a new field cannot be forgotten in one.
template <typename Visitor>
void visitFields(TrainConfig& c, Visitor&& v)
{
    v("stage", c.stage);
    v("matching", c.matching);
    v("nearest_warmup_epochs", c.nearestWarmupEpochs);
    v("segment_seconds", c.segmentSeconds);
    v("mask_same_clip_negatives", c.maskSameClipNegatives);
    v("train_cache", c.trainCache);
    v("val_cache", c.valCache);
    v("clip_dir", c.clipDir);
    v("audio_encoder_config", c.audioEncoderConfig);
    v("init_from", c.initFrom);
    v("run_dir", c.runDir);
    v("epochs", c.epochs);
    v("batch_size", c.batchSize);
    v("learning_rate", c.learningRate);
    v("weight_decay", c.weightDecay);
    v("warmup_fraction", c.warmupFraction);
    v("grad_clip_norm", c.gradClipNorm);
    v("initial_temperature", c.initialTemperature);
    v("text_tower_trainable_blocks", c.textTowerTrainableBlocks);
    v("text_learning_rate", c.textLearningRate);
    v("seed", c.seed);
    v("checkpoint_every_steps", c.checkpointEverySteps);
    v("keep_checkpoints", c.keepCheckpoints);
    v("device", c.device);
    v("threads", c.threads);
    v("validate_each_epoch", c.validateEachEpoch);
}
} // namespace

std::string TrainConfig::toJson() const
{
    nlohmann::ordered_json j;
    TrainConfig copy = *this;
    visitFields(copy, [&](const char* key, const auto& value) { j[key] = value; });
    return j.dump(2) + "\n";
}

void TrainConfig::merge(const std::string& json, const std::string& where)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception& e) {
        throw Error(where, std::string("malformed JSON: ") + e.what());
    }
    if (!j.is_object())
        throw Error(where, "a training config must be a JSON object");
    std::set<std::string> known;
    visitFields(*this, [&](const char* key, auto& value) {
        known.insert(key);
        if (!j.contains(key))
            return;
        using T = std::decay_t<decltype(value)>;
        const auto& item = j.at(key);
        // nlohmann converts any number or bool to any arithmetic type (1e300 into an int is UB): check first.
        bool fits = true;
        if constexpr (std::is_same_v<T, bool>)
            fits = item.is_boolean();
        else if constexpr (std::is_integral_v<T>)
            fits = item.is_number_integer()
                && (item.is_number_unsigned() ? item.get<uint64_t>() <= uint64_t(std::numeric_limits<T>::max())
                                              : item.get<int64_t>() >= std::numeric_limits<T>::min()
                                                    && item.get<int64_t>() <= std::numeric_limits<T>::max());
        else if constexpr (std::is_floating_point_v<T>)
            fits = item.is_number();
        if (!fits)
            throw Error(where, std::string("key '") + key + "' has the wrong type or is out of range");
        try {
            value = item.get<T>();
        } catch (const nlohmann::json::exception&) {
            throw Error(where, std::string("key '") + key + "' has the wrong type");
        }
    });
    for (const auto& [key, value] : j.items())
        if (!known.count(key))
            throw Error(where, "unknown key '" + key + "'");
}

TrainConfig TrainConfig::fromJson(const std::string& json, const std::string& where)
{
    TrainConfig c;
    c.merge(json, where);
    return c;
}

TrainConfig TrainConfig::fromJsonFile(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in)
        throw Error(path, "cannot open");
    std::stringstream text;
    text << in.rdbuf();
    return fromJson(text.str(), path.string());
}

void TrainConfig::validate(const std::string& where) const
{
    const auto fail = [&](const std::string& field, const std::string& why) { throw Error(where, field + ": " + why); };
    if (stage != "pretrain" && stage != "finetune")
        fail("stage", "expected pretrain or finetune, got '" + stage + "'");
    if (matching != "random" && matching != "nearest" && matching != "multiframe")
        fail("matching", "expected random, nearest or multiframe, got '" + matching + "'");
    if (trainCache.empty())
        fail("train_cache", "required");
    if (runDir.empty())
        fail("run_dir", "required");
    if (stage == "finetune" && clipDir.empty())
        fail("clip_dir", "stage 2 needs the image-text model's text tower");
    if (epochs < 1)
        fail("epochs", "must be >= 1");
    if (batchSize < 2)
        fail("batch_size", "a contrastive loss needs at least 2 clips per batch");
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
    if (textTowerTrainableBlocks < 0)
        fail("text_tower_trainable_blocks", "must be >= 0");
    if (keepCheckpoints < 1)
        fail("keep_checkpoints", "must be >= 1");
}

} // namespace soundframe
