#pragma once
// ClipConfig: the hyper-parameters of a CLIP image-text model, in Hugging Face's CLIPConfig
// layout (config.json with "text_config" and "vision_config").
//
//   ClipConfig c = ClipConfig::readFile("clip-vit-base-patch32/config.json");
//   c.vision.numHiddenLayers;                 // 12
//   c.writeFile("standin/config.json");       // HF layout: CLIPModel / "clip", atomic write
//
// Defaults are openai/clip-vit-base-patch32's. Reading (JsonFields, Lenient: HF's keys we do not
// use are ignored, null counts as missing) keeps the default for every missing field and throws
// Error(file, "key 'vision_config.patch_size' has the wrong type: ...") for a field of the wrong
// type, Error(file, "field 'vision_config.patch_size': ...") for an impossible value. Plain
// values: copy freely, any thread.
#include <cstdint>
#include <filesystem>
#include <string>

namespace soundframe {

struct ClipVisionConfig {
    int hiddenSize = 768;                // hidden_size: width of the transformer
    int intermediateSize = 3072;         // intermediate_size: width of the MLP's hidden layer
    int numAttentionHeads = 12;          // num_attention_heads: divides hiddenSize
    int numHiddenLayers = 12;            // num_hidden_layers: transformer blocks
    int imageSize = 224;                 // image_size: input side in pixels
    int patchSize = 32;                  // patch_size: side of a patch in pixels; divides imageSize
    int numChannels = 3;                 // num_channels: input colour channels
    std::string hiddenAct = "quick_gelu";  // hidden_act: quick_gelu | gelu | gelu_new | gelu_pytorch_tanh | relu | silu
    double layerNormEps = 1e-5;          // layer_norm_eps
    int projectionDim = 512;             // projection_dim: HF keeps a copy here; ClipModel uses ClipConfig's
};

struct ClipTextConfig {
    int vocabSize = 49408;               // vocab_size: token embedding rows
    int hiddenSize = 512;                // hidden_size: width of the transformer
    int intermediateSize = 2048;         // intermediate_size: width of the MLP's hidden layer
    int numAttentionHeads = 8;           // num_attention_heads: divides hiddenSize
    int numHiddenLayers = 12;            // num_hidden_layers: transformer blocks
    int maxPositionEmbeddings = 77;      // max_position_embeddings: longest token sequence (context)
    std::string hiddenAct = "quick_gelu";  // hidden_act: as in ClipVisionConfig
    double layerNormEps = 1e-5;          // layer_norm_eps
    int64_t bosTokenId = 49406;          // bos_token_id: <|startoftext|>
    // eos_token_id: <|endoftext|>; text features pool at its FIRST occurrence. The value 2 is
    // HF's legacy convention (old configs, incl. openai's): pool at the largest id instead.
    int64_t eosTokenId = 49407;
    int64_t padTokenId = 1;              // pad_token_id: recorded only; CLIP pads with eos in practice
    int projectionDim = 512;             // projection_dim: HF keeps a copy here; ClipModel uses ClipConfig's
};

struct ClipConfig {
    ClipTextConfig text;                 // text_config
    ClipVisionConfig vision;             // vision_config
    int projectionDim = 512;             // projection_dim: size of the joint embedding space
    double logitScaleInitValue = 2.6592; // logit_scale_init_value: initial log(1/temperature) = log(1/0.07)

    // Reads a config.json; throws Error naming the file (and field) on any problem.
    static ClipConfig readFile(const std::filesystem::path& path);
    // Parses JSON text; `where` names the source in errors.
    static ClipConfig parse(const std::string& json, const std::string& where);
    // The JSON HF's CLIPModel.from_pretrained reads (indented).
    std::string toJson() const;
    void writeFile(const std::filesystem::path& path) const;  // atomic
    // Throws Error(where, ...) when the values cannot make a model (e.g. heads not dividing width).
    void validate(const std::string& where) const;
};

// True for the activation names ClipEncoderLayer implements.
bool isSupportedClipActivation(const std::string& name);

} // namespace soundframe
