#include "ClipConfig.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/FileText.h"
#include "base/JsonFields.h"

#include <nlohmann/json.hpp>

namespace soundframe {

namespace {
using nlohmann::json;

void requirePositive(int value, const char* field, const std::string& where)
{
    if (value <= 0)
        throw Error(where, std::string("field '") + field + "': must be positive, found " + std::to_string(value));
}
} // namespace

bool isSupportedClipActivation(const std::string& name)
{
    return name == "quick_gelu" || name == "gelu" || name == "gelu_new" || name == "gelu_pytorch_tanh"
        || name == "gelu_fast" || name == "relu" || name == "silu" || name == "swish";
}

ClipConfig ClipConfig::parse(const std::string& text, const std::string& where)
{
    // Hugging Face's config.json holds many keys this model does not use, and null for unset ones.
    JsonFields top = JsonFields::parse(text, where, JsonFields::Mode::Lenient);
    ClipConfig c;
    top.read("projection_dim", c.projectionDim);
    top.read("logit_scale_init_value", c.logitScaleInitValue);

    // Old HF configs carry the sub-configs as *_config_dict.
    JsonFields t = top.child(top.has("text_config") ? "text_config" : "text_config_dict");
    t.read("vocab_size", c.text.vocabSize);
    t.read("hidden_size", c.text.hiddenSize);
    t.read("intermediate_size", c.text.intermediateSize);
    t.read("num_attention_heads", c.text.numAttentionHeads);
    t.read("num_hidden_layers", c.text.numHiddenLayers);
    t.read("max_position_embeddings", c.text.maxPositionEmbeddings);
    t.read("hidden_act", c.text.hiddenAct);
    t.read("layer_norm_eps", c.text.layerNormEps);
    t.read("bos_token_id", c.text.bosTokenId);
    t.read("eos_token_id", c.text.eosTokenId);
    t.read("pad_token_id", c.text.padTokenId);
    t.read("projection_dim", c.text.projectionDim);

    JsonFields v = top.child(top.has("vision_config") ? "vision_config" : "vision_config_dict");
    v.read("hidden_size", c.vision.hiddenSize);
    v.read("intermediate_size", c.vision.intermediateSize);
    v.read("num_attention_heads", c.vision.numAttentionHeads);
    v.read("num_hidden_layers", c.vision.numHiddenLayers);
    v.read("image_size", c.vision.imageSize);
    v.read("patch_size", c.vision.patchSize);
    v.read("num_channels", c.vision.numChannels);
    v.read("hidden_act", c.vision.hiddenAct);
    v.read("layer_norm_eps", c.vision.layerNormEps);
    v.read("projection_dim", c.vision.projectionDim);
    c.validate(where);
    return c;
}

ClipConfig ClipConfig::readFile(const std::filesystem::path& path)
{
    return parse(readFileText(path, "the CLIP config"), path.string());
}

void ClipConfig::validate(const std::string& where) const
{
    requirePositive(projectionDim, "projection_dim", where);
    requirePositive(text.vocabSize, "text_config.vocab_size", where);
    requirePositive(text.hiddenSize, "text_config.hidden_size", where);
    requirePositive(text.intermediateSize, "text_config.intermediate_size", where);
    requirePositive(text.numAttentionHeads, "text_config.num_attention_heads", where);
    requirePositive(text.numHiddenLayers, "text_config.num_hidden_layers", where);
    requirePositive(text.maxPositionEmbeddings, "text_config.max_position_embeddings", where);
    requirePositive(vision.hiddenSize, "vision_config.hidden_size", where);
    requirePositive(vision.intermediateSize, "vision_config.intermediate_size", where);
    requirePositive(vision.numAttentionHeads, "vision_config.num_attention_heads", where);
    requirePositive(vision.numHiddenLayers, "vision_config.num_hidden_layers", where);
    requirePositive(vision.imageSize, "vision_config.image_size", where);
    requirePositive(vision.patchSize, "vision_config.patch_size", where);
    requirePositive(vision.numChannels, "vision_config.num_channels", where);
    if (text.hiddenSize % text.numAttentionHeads != 0)
        throw Error(where, "field 'text_config.num_attention_heads': " + std::to_string(text.numAttentionHeads)
                               + " does not divide hidden_size " + std::to_string(text.hiddenSize));
    if (vision.hiddenSize % vision.numAttentionHeads != 0)
        throw Error(where, "field 'vision_config.num_attention_heads': "
                               + std::to_string(vision.numAttentionHeads) + " does not divide hidden_size "
                               + std::to_string(vision.hiddenSize));
    if (vision.imageSize % vision.patchSize != 0)
        throw Error(where, "field 'vision_config.patch_size': " + std::to_string(vision.patchSize)
                               + " does not divide image_size " + std::to_string(vision.imageSize));
    if (!isSupportedClipActivation(text.hiddenAct))
        throw Error(where, "field 'text_config.hidden_act': unsupported activation '" + text.hiddenAct + "'");
    if (!isSupportedClipActivation(vision.hiddenAct))
        throw Error(where, "field 'vision_config.hidden_act': unsupported activation '" + vision.hiddenAct + "'");
    if (!(text.layerNormEps > 0) || !(vision.layerNormEps > 0))
        throw Error(where, "field 'layer_norm_eps': must be positive");
}

std::string ClipConfig::toJson() const
{
    json t = {
        {"model_type", "clip_text_model"},
        {"vocab_size", text.vocabSize},
        {"hidden_size", text.hiddenSize},
        {"intermediate_size", text.intermediateSize},
        {"num_attention_heads", text.numAttentionHeads},
        {"num_hidden_layers", text.numHiddenLayers},
        {"max_position_embeddings", text.maxPositionEmbeddings},
        {"hidden_act", text.hiddenAct},
        {"layer_norm_eps", text.layerNormEps},
        {"bos_token_id", text.bosTokenId},
        {"eos_token_id", text.eosTokenId},
        {"pad_token_id", text.padTokenId},
        {"projection_dim", text.projectionDim},
        {"attention_dropout", 0.0},
        {"dropout", 0.0},
    };
    json v = {
        {"model_type", "clip_vision_model"},
        {"hidden_size", vision.hiddenSize},
        {"intermediate_size", vision.intermediateSize},
        {"num_attention_heads", vision.numAttentionHeads},
        {"num_hidden_layers", vision.numHiddenLayers},
        {"image_size", vision.imageSize},
        {"patch_size", vision.patchSize},
        {"num_channels", vision.numChannels},
        {"hidden_act", vision.hiddenAct},
        {"layer_norm_eps", vision.layerNormEps},
        {"projection_dim", vision.projectionDim},
        {"attention_dropout", 0.0},
        {"dropout", 0.0},
    };
    json root = {
        {"architectures", json::array({"CLIPModel"})},
        {"model_type", "clip"},
        {"projection_dim", projectionDim},
        {"logit_scale_init_value", logitScaleInitValue},
        {"initializer_factor", 1.0},
        {"torch_dtype", "float32"},
        {"text_config", t},
        {"vision_config", v},
    };
    return root.dump(2) + "\n";
}

void ClipConfig::writeFile(const std::filesystem::path& path) const
{
    writeFileAtomically(path, toJson());
}

} // namespace soundframe
