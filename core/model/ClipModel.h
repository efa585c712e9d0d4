#pragma once
// ClipModel: a CLIP image-text model whose parameters carry Hugging Face CLIPModel's
// state-dict names (vision_model.*, text_model.*, visual_projection, text_projection,
// logit_scale), so checkpoints move between SoundFrame and PyTorch unchanged.
//
//   ClipModel clip = ClipModel::load("models/clip-vit-base-patch32", parseComputeDevice("cpu"));
//   torch::NoGradGuard noGrad;
//   torch::Tensor img = clip->imageFeatures(pixels);   // [N, 3, 224, 224] from ClipImagePreprocessor
//   torch::Tensor txt = clip->textFeatures(ids);       // int64 [N, 77] from ClipTokenizer
//   clip->save("run/standin", "models/tokenizer");     // config.json + model.safetensors (+ tokenizer)
//
// Features are projected but NOT normalised (HF's get_image_features / get_text_features);
// they are on the model's device. Text takes no attention mask: under the causal mask nothing
// after the first <|endoftext|> reaches the pooled position, so padding never matters. The model is in eval mode with no dropout; grad mode is the
// caller's (SoundFrame trains its stand-in CLIP through the same forward). One thread at a time.
#include "ClipConfig.h"
#include "ClipTextTower.h"
#include "ClipVisionTower.h"

#include <filesystem>

namespace soundframe {

class ClipModelImpl : public torch::nn::Module {
public:
    // Weights initialised as CLIP does (small normals, zero biases, unit norms); see the .cpp.
    explicit ClipModelImpl(const ClipConfig& config);

    // const: they change no state (grad mode and autograd are the caller's).
    torch::Tensor imageFeatures(const torch::Tensor& pixels) const;  // [N, projectionDim]
    torch::Tensor textFeatures(const torch::Tensor& ids) const;      // [N, projectionDim]
    const ClipConfig& config() const { return m_config; }
    torch::Device device() const;

    // Reads <dir>/model.safetensors into this model's parameters. Every parameter must be
    // present with its exact shape (Error names the file, tensor, expected and found shape);
    // F16/BF16 tensors are widened to float32; extra tensors (e.g. position_ids) are ignored.
    void loadWeights(const std::filesystem::path& safetensorsFile);
    // Writes <dir>/config.json and <dir>/model.safetensors (float32, metadata format=pt, each file
    // atomically). When `tokenizerDir` is given its vocab.json, merges.txt and other tokenizer
    // files are copied along; a preprocessor_config.json is copied from it or else written with
    // CLIP's values for this image size, so HF's CLIPModel/CLIPProcessor load the folder.
    void save(const std::filesystem::path& dir, const std::filesystem::path& tokenizerDir = {}) const;

    ClipTextTower text_model{nullptr};
    ClipVisionTower vision_model{nullptr};
    torch::nn::Linear visual_projection{nullptr};  // no bias
    torch::nn::Linear text_projection{nullptr};    // no bias
    torch::Tensor logit_scale;                     // scalar, log(1 / temperature)

private:
    ClipConfig m_config;
};

// The holder, as TORCH_MODULE(ClipModel) would declare it, plus load().
class ClipModel : public torch::nn::ModuleHolder<ClipModelImpl> {
public:
    using torch::nn::ModuleHolder<ClipModelImpl>::ModuleHolder;
    using Impl = ClipModelImpl;

    // Reads <dir>/config.json and <dir>/model.safetensors, moves the model to `device` and puts
    // it in eval mode. Throws Error naming the file at fault.
    static ClipModel load(const std::filesystem::path& dir, torch::Device device = torch::kCPU);
};

} // namespace soundframe
