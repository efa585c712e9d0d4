#include "ClipModel.h"

#include "ClipImagePreprocessor.h"
#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/ShapeText.h"
#include "base/FileText.h"
#include "base/SafeTensorsReader.h"
#include "base/TorchTensors.h"

#include <torch/torch.h>

#include <cmath>
#include <fstream>

namespace soundframe {

namespace {
const ClipConfig& validated(const ClipConfig& config)
{
    config.validate("CLIP config");
    return config;
}

torch::Tensor toDevice(const torch::Tensor& t, torch::Device device)
{
    return t.device() == device ? t : t.to(device);
}

// CLIP's initialisation (factor 1): normals scaled by width and depth, zero biases.
void initialiseTower(ClipEncoder& encoder, int width, int layers)
{
    const double inStd = std::pow(width, -0.5) * std::pow(2.0 * layers, -0.5);
    const double outStd = std::pow(width, -0.5);
    const double fcStd = std::pow(2.0 * width, -0.5);
    for (const auto& module : *encoder->layers) {
        auto* layer = module->as<ClipEncoderLayerImpl>();
        for (auto* linear : {&layer->self_attn->q_proj, &layer->self_attn->k_proj, &layer->self_attn->v_proj})
            torch::nn::init::normal_((*linear)->weight, 0.0, inStd);
        torch::nn::init::normal_(layer->self_attn->out_proj->weight, 0.0, outStd);
        torch::nn::init::normal_(layer->mlp->fc1->weight, 0.0, fcStd);
        torch::nn::init::normal_(layer->mlp->fc2->weight, 0.0, inStd);
    }
}
} // namespace

ClipModelImpl::ClipModelImpl(const ClipConfig& config)
    : text_model(register_module("text_model", ClipTextTower(validated(config).text))),
      vision_model(register_module("vision_model", ClipVisionTower(config.vision))),
      visual_projection(register_module(
          "visual_projection",
          torch::nn::Linear(torch::nn::LinearOptions(config.vision.hiddenSize, config.projectionDim).bias(false)))),
      text_projection(register_module(
          "text_projection",
          torch::nn::Linear(torch::nn::LinearOptions(config.text.hiddenSize, config.projectionDim).bias(false)))),
      logit_scale(register_parameter("logit_scale", torch::tensor(float(config.logitScaleInitValue)))),
      m_config(config)
{
    torch::NoGradGuard noGrad;
    for (auto& p : named_parameters(true)) {
        if (p.key().size() >= 5 && p.key().compare(p.key().size() - 5, 5, ".bias") == 0)
            p.value().zero_();
    }
    for (auto& m : modules(false)) {
        if (auto* ln = m->as<torch::nn::LayerNormImpl>())
            ln->weight.fill_(1.0);
    }
    torch::nn::init::normal_(text_model->embeddings->token_embedding->weight, 0.0, 0.02);
    torch::nn::init::normal_(text_model->embeddings->position_embedding->weight, 0.0, 0.01);
    torch::nn::init::normal_(vision_model->embeddings->class_embedding, 0.0, std::pow(config.vision.hiddenSize, -0.5));
    torch::nn::init::normal_(vision_model->embeddings->patch_embedding->weight, 0.0, 0.02);
    torch::nn::init::normal_(vision_model->embeddings->position_embedding->weight, 0.0, 0.02);
    initialiseTower(text_model->encoder, config.text.hiddenSize, config.text.numHiddenLayers);
    initialiseTower(vision_model->encoder, config.vision.hiddenSize, config.vision.numHiddenLayers);
    torch::nn::init::normal_(visual_projection->weight, 0.0, std::pow(config.vision.hiddenSize, -0.5));
    torch::nn::init::normal_(text_projection->weight, 0.0, std::pow(config.text.hiddenSize, -0.5));
    eval();
}

torch::Device ClipModelImpl::device() const
{
    return logit_scale.device();
}

// Module holders are shared handles: ptr() reaches the (non-const) forward from a const method.
torch::Tensor ClipModelImpl::imageFeatures(const torch::Tensor& pixels) const
{
    const auto pooled = vision_model.ptr()->forward(toDevice(pixels, device()).to(torch::kFloat32));
    return visual_projection.ptr()->forward(pooled);
}

torch::Tensor ClipModelImpl::textFeatures(const torch::Tensor& ids) const
{
    return text_projection.ptr()->forward(text_model.ptr()->forward(toDevice(ids, device())));
}

void ClipModelImpl::loadWeights(const std::filesystem::path& safetensorsFile)
{
    SafeTensorsReader reader(safetensorsFile);
    torch::NoGradGuard noGrad;
    for (auto& p : named_parameters(true)) {
        const std::string& name = p.key();
        torch::Tensor& target = p.value();
        if (!reader.contains(name))
            throw Error(safetensorsFile, "missing tensor '" + name + "' (expected shape " + shapeText(target.sizes())
                                             + "); is this a Hugging Face CLIPModel checkpoint?");
        const TensorView& view = reader.tensor(name);
        if (view.shape != std::vector<int64_t>(target.sizes().begin(), target.sizes().end()))
            throw Error(safetensorsFile, "tensor '" + name + "': expected shape " + shapeText(target.sizes())
                                             + ", found " + shapeText(view.shape));
        target.copy_(toTorchTensor(view));
    }
}

void ClipModelImpl::save(const std::filesystem::path& dir, const std::filesystem::path& tokenizerDir) const
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw Error(dir, "cannot create the folder: " + ec.message());
    m_config.writeFile(dir / "config.json");
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : named_parameters(true))
        tensors.emplace_back(p.key(), p.value().detach().to(torch::kCPU, torch::kFloat32));
    // transformers refuses safetensors files without format=pt.
    saveTorchTensors(dir / "model.safetensors", tensors, {{"format", "pt"}});

    bool copiedPreprocessor = false;
    if (!tokenizerDir.empty()) {
        if (!std::filesystem::exists(tokenizerDir / "vocab.json") || !std::filesystem::exists(tokenizerDir / "merges.txt"))
            throw Error(tokenizerDir, "no vocab.json and merges.txt to save with the model");
        for (const char* name : {"vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json",
                                 "special_tokens_map.json", "preprocessor_config.json"}) {
            const auto source = tokenizerDir / name;
            if (!std::filesystem::exists(source))
                continue;
            if (std::filesystem::equivalent(source.parent_path(), dir, ec))
                continue;
            writeFileAtomically(dir / name, readFileText(source, "the tokenizer file"));
            copiedPreprocessor |= std::string(name) == "preprocessor_config.json";
        }
    }
    if (!copiedPreprocessor && !std::filesystem::exists(dir / "preprocessor_config.json"))
        ClipImagePreprocessorConfig::forImageSize(m_config.vision.imageSize).writeFile(dir / "preprocessor_config.json");
}

ClipModel ClipModel::load(const std::filesystem::path& dir, torch::Device device)
{
    const auto config = ClipConfig::readFile(dir / "config.json");
    const auto weights = dir / "model.safetensors";
    if (!std::filesystem::exists(weights))
        throw Error(weights, "no such file; SoundFrame reads CLIP weights in safetensors form "
                             "(Hugging Face's model.safetensors)");
    ClipModel model(config);
    model->loadWeights(weights);
    model->to(device);
    model->eval();
    return model;
}

} // namespace soundframe
