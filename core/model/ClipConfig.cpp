#include "ClipConfig.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/FileText.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace soundframe {

namespace {
using nlohmann::json;

// Reads one optional field; null counts as missing (HF writes nulls for unset fields).
class FieldReader {
public:
    FieldReader(const json& object, std::string prefix, const std::string& where)
        : m_object(object), m_prefix(std::move(prefix)), m_where(where) {}

    void integer(const char* key, int& target) const
    {
        int64_t value = target;
        integer(key, value);
        if (value < INT32_MIN || value > INT32_MAX)
            fail(key, "value out of range");
        target = int(value);
    }
    void integer(const char* key, int64_t& target) const
    {
        const json* v = find(key);
        if (!v)
            return;
        if (!v->is_number_integer())
            fail(key, std::string("expected an integer, found ") + describe(*v));
        target = v->get<int64_t>();
    }
    void number(const char* key, double& target) const
    {
        const json* v = find(key);
        if (!v)
            return;
        if (!v->is_number())
            fail(key, std::string("expected a number, found ") + describe(*v));
        target = v->get<double>();
    }
    void string(const char* key, std::string& target) const
    {
        const json* v = find(key);
        if (!v)
            return;
        if (!v->is_string())
            fail(key, std::string("expected a string, found ") + describe(*v));
        target = v->get<std::string>();
    }

private:
    const json* find(const char* key) const
    {
        const auto it = m_object.find(key);
        if (it == m_object.end() || it->is_null())
            return nullptr;
        return &*it;
    }
    static std::string describe(const json& v)
    {
        return std::string(v.type_name()) + " " + v.dump().substr(0, 40);
    }
    [[noreturn]] void fail(const char* key, const std::string& reason) const
    {
        throw Error(m_where, "field '" + m_prefix + key + "': " + reason);
    }

    const json& m_object;
    std::string m_prefix;
    const std::string& m_where;
};

const json* subObject(const json& root, const char* key, const char* legacyKey, const std::string& where)
{
    for (const char* k : {key, legacyKey}) {
        const auto it = root.find(k);
        if (it == root.end() || it->is_null())
            continue;
        if (!it->is_object())
            throw Error(where, std::string("field '") + k + "': expected an object, found " + it->type_name());
        return &*it;
    }
    return nullptr;
}

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
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(where, std::string("malformed JSON: ") + e.what());
    }
    if (!root.is_object())
        throw Error(where, "expected a JSON object at the top level");

    ClipConfig c;
    FieldReader top(root, "", where);
    top.integer("projection_dim", c.projectionDim);
    top.number("logit_scale_init_value", c.logitScaleInitValue);

    // Old HF configs carry the sub-configs as *_config_dict.
    if (const json* t = subObject(root, "text_config", "text_config_dict", where)) {
        FieldReader r(*t, "text_config.", where);
        r.integer("vocab_size", c.text.vocabSize);
        r.integer("hidden_size", c.text.hiddenSize);
        r.integer("intermediate_size", c.text.intermediateSize);
        r.integer("num_attention_heads", c.text.numAttentionHeads);
        r.integer("num_hidden_layers", c.text.numHiddenLayers);
        r.integer("max_position_embeddings", c.text.maxPositionEmbeddings);
        r.string("hidden_act", c.text.hiddenAct);
        r.number("layer_norm_eps", c.text.layerNormEps);
        r.integer("bos_token_id", c.text.bosTokenId);
        r.integer("eos_token_id", c.text.eosTokenId);
        r.integer("pad_token_id", c.text.padTokenId);
        r.integer("projection_dim", c.text.projectionDim);
    }
    if (const json* v = subObject(root, "vision_config", "vision_config_dict", where)) {
        FieldReader r(*v, "vision_config.", where);
        r.integer("hidden_size", c.vision.hiddenSize);
        r.integer("intermediate_size", c.vision.intermediateSize);
        r.integer("num_attention_heads", c.vision.numAttentionHeads);
        r.integer("num_hidden_layers", c.vision.numHiddenLayers);
        r.integer("image_size", c.vision.imageSize);
        r.integer("patch_size", c.vision.patchSize);
        r.integer("num_channels", c.vision.numChannels);
        r.string("hidden_act", c.vision.hiddenAct);
        r.number("layer_norm_eps", c.vision.layerNormEps);
        r.integer("projection_dim", c.vision.projectionDim);
    }
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
