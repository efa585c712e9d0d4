#include "DemoRecipe.h"

#include "base/Error.h"
#include "base/JsonFields.h"
#include "train/ClipPairingRegistry.h"

#include <algorithm>
#include <string>

namespace soundframe {

namespace {

void applyWorld(DemoWorldParams& w, JsonFields f)
{
    uint64_t seed = w.seed;
    f.read("seed", seed);
    w.seed = seed;
    f.read("clip_seconds", w.clipSeconds);
    f.read("clips_train", w.clipsTrain);
    f.read("clips_val", w.clipsVal);
    f.read("clips_test", w.clipsTest);
    f.read("min_events", w.minEvents);
    f.read("max_events", w.maxEvents);
    f.read("unpictured_event_probability", w.unpicturedEventProbability);
    f.read("off_screen_probability", w.offScreenProbability);
    f.read("empty_scene_probability", w.emptySceneProbability);
    f.read("scene_images", w.sceneImages);
    std::string splitBy = demoSplitByName(w.splitBy);
    f.read("split_by", splitBy);
    f.read("packages", w.packages);
    f.finish();
    w.splitBy = parseDemoSplitBy(splitBy, f.where());
    if (w.clipsTrain < 2 || w.clipsVal < 1 || w.clipsTest < 2)
        throw Error(f.where(), "clips_train and clips_test must be >= 2, clips_val >= 1");
    w.validate(f.where());
}

void applyStandIn(StandInClipOptions& o, JsonFields f)
{
    f.read("image_size", o.imageSize);
    f.read("patch_size", o.patchSize);
    f.read("width", o.width);
    f.read("layers", o.layers);
    f.read("heads", o.heads);
    f.read("context_length", o.contextLength);
    f.read("epochs", o.epochs);
    f.read("batch_size", o.batchSize);
    f.read("learning_rate", o.learningRate);
    f.read("weight_decay", o.weightDecay);
    f.read("mask_duplicate_captions", o.maskDuplicateCaptions);
    f.finish();
    if (o.epochs < 1 || o.batchSize < 2 || o.learningRate <= 0)
        throw Error(f.where(), "epochs must be >= 1, batch_size >= 2 and learning_rate > 0");
}

void applyAudioEncoder(AudioEncoderConfig& c, JsonFields f)
{
    f.read("channels", c.cnn.channels);
    f.read("block_dropout", c.cnn.blockDropout);
    f.read("head_dropout", c.cnn.headDropout);
    f.read("n_mels", c.logMel.nMels);
    f.finish();
}

void requireMatching(const std::string& name, const std::string& key, const std::string& where)
{
    if (!ClipPairingRegistry::has(name))
        throw Error(where, "key '" + key + "': unknown matching '" + name + "' (expected one of "
                               + ClipPairingRegistry::matchingsText() + ")");
}

} // namespace

void DemoRecipe::apply(DemoPipelineParams& p, const std::string& json, const std::string& where)
{
    JsonFields f = JsonFields::parse(json, where);
    f.read("methods", p.methods);
    f.read("tag_epochs", p.tagEpochs);
    f.read("stage1_epochs", p.stage1Epochs);
    f.read("stage1_short_epochs", p.stage1ShortEpochs);
    f.read("stage2_epochs", p.stage2Epochs);
    f.read("search_index", p.searchIndex);
    f.read("search_epochs", p.searchEpochs);
    f.read("search_matching", p.searchMatching);
    f.read("batch_size", p.batchSize);
    f.read("learning_rate", p.learningRate);
    JsonFields stage1Rates = f.child("stage1_learning_rates");  // the methods it names; the others keep theirs
    for (const std::string& method : ClipPairingRegistry::matchings())
        if (stage1Rates.has(method.c_str()))
            stage1Rates.read(method.c_str(), p.stage1LearningRates[method]);
    stage1Rates.finish();
    f.read("stage1_frozen_audio_blocks", p.stage1FrozenAudioBlocks);
    f.read("stage2_frozen_audio_blocks", p.stage2FrozenAudioBlocks);
    f.read("nearest_warmup_epochs", p.nearestWarmupEpochs);
    f.read("nearest_centred", p.nearestCentred);
    f.read("seeds", p.seeds);
    std::string clipImage = clipImageName(p.clipImage);
    f.read("clip_image", clipImage);
    const auto parsed = parseClipImage(clipImage);
    if (!parsed)
        throw Error(where, "key 'clip_image': expected middle, mean or best, got '" + clipImage + "'");
    p.clipImage = *parsed;
    applyWorld(p.world, JsonFields(f.object("world"), where + ": world"));
    applyStandIn(p.standIn, JsonFields(f.object("stand_in"), where + ": stand_in"));
    applyAudioEncoder(p.audioEncoder, JsonFields(f.object("audio_encoder"), where + ": audio_encoder"));
    f.finish();
    if (p.seeds.empty())
        throw Error(where, "key 'seeds': at least one seed");
    if (p.methods.empty())
        throw Error(where, "key 'methods': at least one matching");
    for (size_t i = 0; i < p.methods.size(); ++i) {
        requireMatching(p.methods[i], "methods", where);
        if (std::find(p.methods.begin(), p.methods.begin() + long(i), p.methods[i]) != p.methods.begin() + long(i))
            throw Error(where, "key 'methods': '" + p.methods[i] + "' is named twice");
    }
    requireMatching(p.searchMatching, "search_matching", where);
    if (p.stage1Epochs < 1 || p.stage2Epochs < 1 || p.tagEpochs < 0 || p.searchEpochs < 0 || p.stage1ShortEpochs < 0
        || p.stage1ShortEpochs >= p.stage1Epochs)
        throw Error(where, "stage1_epochs and stage2_epochs must be >= 1; tag_epochs, search_epochs >= 0; "
                           "stage1_short_epochs in [0, stage1_epochs)");
    if (p.batchSize < 2 || p.learningRate <= 0 || p.nearestWarmupEpochs < 0)
        throw Error(where, "batch_size must be >= 2, learning_rate > 0, nearest_warmup_epochs >= 0");
    const int blocks = int(p.audioEncoder.architecture == "cnn" ? p.audioEncoder.cnnChannels().size()
                                                                : size_t(p.audioEncoder.transformer.layers));
    for (const auto& [key, frozen] : {std::pair<const char*, int>{"stage1_frozen_audio_blocks", p.stage1FrozenAudioBlocks},
                                      {"stage2_frozen_audio_blocks", p.stage2FrozenAudioBlocks}}) {
        if (frozen < 0 || frozen > blocks)
            throw Error(where, std::string("key '") + key + "': expected 0 to " + std::to_string(blocks)
                                   + " (the audio encoder's blocks), got " + std::to_string(frozen));
        if (frozen > 0 && p.tagEpochs == 0)
            throw Error(where, std::string("key '") + key + "': frozen blocks keep what audio tagging learned, "
                                                            "and tag_epochs is 0; set it to 0 too");
    }
    for (const auto& [method, rate] : p.stage1LearningRates)
        if (!(rate > 0))
            throw Error(where, "key 'stage1_learning_rates': the rate of " + method + " must be > 0");
}

} // namespace soundframe
