#include "SpectrogramTransformerEncoder.h"

#include "base/Error.h"
#include "base/ShapeText.h"

#include <torch/torch.h>

#include <cmath>

namespace soundframe {

namespace {
torch::nn::LayerNorm layerNorm(int64_t hidden, double eps)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden}).eps(eps));
}

torch::Tensor resizeBilinear(const torch::Tensor& nchw, int64_t height, int64_t width)
{
    namespace F = torch::nn::functional;
    return F::interpolate(nchw, F::InterpolateFuncOptions()
                                    .size(std::vector<int64_t>{height, width})
                                    .mode(torch::kBilinear)
                                    .align_corners(false));
}
} // namespace

SpectrogramTransformerEncoderImpl::SpectrogramTransformerEncoderImpl(const AudioEncoderConfig& config)
    : m_options(config.transformer)
    , m_mels(config.logMel.nMels)
    , m_melPatches((config.logMel.nMels - m_options.patchMel) / m_options.strideMel + 1)
    , m_patchEmbedding(register_module(
          "patch_embedding",
          torch::nn::Conv2d(torch::nn::Conv2dOptions(1, m_options.hiddenSize,
                                                     {m_options.patchMel, m_options.patchTime})
                                .stride({m_options.strideMel, m_options.strideTime})
                                .bias(false))))
    , m_classEmbedding(register_parameter("class_embedding", torch::randn({m_options.hiddenSize}) * 0.02))
    , m_positionEmbedding(register_parameter(
          "position_embedding",
          torch::randn({1 + m_melPatches * m_options.maxTimePatches, m_options.hiddenSize}) * 0.02))
    , m_preLayerNorm(register_module("pre_layernorm", layerNorm(m_options.hiddenSize, m_options.layerNormEps)))
    , m_layers(register_module("layers", torch::nn::ModuleList()))
    , m_postLayerNorm(register_module("post_layernorm", layerNorm(m_options.hiddenSize, m_options.layerNormEps)))
    , m_projection(register_module(
          "projection",
          torch::nn::Linear(torch::nn::LinearOptions(m_options.hiddenSize, config.embedDim).bias(false))))
{
    for (int i = 0; i < m_options.layers; ++i)
        m_layers->push_back(ClipEncoderLayer(m_options.hiddenSize, m_options.mlpSize, m_options.heads,
                                             m_options.activation, m_options.layerNormEps));
    // CLIP's initialisation scale for a model trained from scratch; biases start at zero.
    torch::NoGradGuard noGrad;
    for (auto& item : m_layers->named_parameters()) {
        if (item.key().find("_norm") != std::string::npos)
            continue;
        if (item.value().dim() == 2)
            item.value().normal_(0.0, 0.02);
        else
            item.value().zero_();
    }
    m_patchEmbedding->weight.normal_(0.0, 0.02);
    m_projection->weight.normal_(0.0, 1.0 / std::sqrt(double(m_options.hiddenSize)));
}

void SpectrogramTransformerEncoderImpl::checkInput(const torch::Tensor& logmel) const
{
    if (logmel.dim() != 3 || logmel.size(1) != m_mels)
        throw Error(std::string("spectrogram transformer"), "expected log-mel [batch, " + std::to_string(m_mels)
                                                   + ", frames], got " + shapeText(logmel.sizes()));
    const auto frames = logmel.size(2);
    if (frames < m_options.patchTime)
        throw Error(std::string("spectrogram transformer"), "needs at least " + std::to_string(m_options.patchTime)
                                                   + " frames (one patch), got " + std::to_string(frames));
    const auto columns = timeAxis(frames).columns;
    if (columns > m_options.maxTimePatches)
        throw Error(std::string("spectrogram transformer"),
                    std::to_string(frames) + " frames make " + std::to_string(columns)
                        + " time patches; the model has positions for " + std::to_string(m_options.maxTimePatches)
                        + " (transformer.max_time_patches)");
}

void SpectrogramTransformerEncoderImpl::freezeLeadingBlocks(int blocks)
{
    if (blocks < 0 || blocks > blockCount())
        throw Error(std::string("transformer audio encoder"), "cannot freeze " + std::to_string(blocks)
                                                                  + " layers of " + std::to_string(blockCount()));
    m_frozenBlocks = blocks;
    if (blocks == 0)
        return;
    std::vector<torch::Tensor> frozen = m_patchEmbedding->parameters();
    frozen.push_back(m_classEmbedding);
    frozen.push_back(m_positionEmbedding);
    for (const auto& p : m_preLayerNorm->parameters())
        frozen.push_back(p);
    for (int i = 0; i < blocks; ++i)
        for (const auto& p : m_layers->ptr(size_t(i))->parameters())
            frozen.push_back(p);
    for (auto& p : frozen)
        p.set_requires_grad(false);
}

FeatureTimeAxis SpectrogramTransformerEncoderImpl::timeAxis(int64_t frames) const
{
    const auto columns = frames < m_options.patchTime ? 0 : (frames - m_options.patchTime) / m_options.strideTime + 1;
    return {m_options.strideTime, m_options.patchTime, columns};
}

torch::Tensor SpectrogramTransformerEncoderImpl::embedAndRun(const torch::Tensor& logmel, int layers)
{
    const auto batch = logmel.size(0);
    const auto hidden = int64_t(m_options.hiddenSize);
    const auto patches = m_patchEmbedding(logmel.unsqueeze(1));  // [B, H, melPatches, columns]
    const auto columns = patches.size(3);
    const auto tokens = patches.flatten(2).transpose(1, 2);      // [B, melPatches * columns, H]
    const auto grid = m_positionEmbedding.narrow(0, 1, m_melPatches * m_options.maxTimePatches)
                          .view({m_melPatches, m_options.maxTimePatches, hidden})
                          .narrow(1, 0, columns)
                          .reshape({m_melPatches * columns, hidden});
    const auto positions = torch::cat({m_positionEmbedding.narrow(0, 0, 1), grid});
    auto h = torch::cat({m_classEmbedding.view({1, 1, hidden}).expand({batch, 1, hidden}), tokens}, 1)
             + positions;
    h = m_preLayerNorm(h);
    for (int i = 0; i < layers; ++i)
        h = m_layers->ptr(size_t(i))->as<ClipEncoderLayerImpl>()->forward(h);
    return h;
}

torch::Tensor SpectrogramTransformerEncoderImpl::frozenFeatures(const torch::Tensor& logmel)
{
    checkInput(logmel);
    torch::NoGradGuard noGrad;
    return embedAndRun(logmel, m_frozenBlocks);
}

torch::Tensor SpectrogramTransformerEncoderImpl::encode(const torch::Tensor& logmel, const torch::Tensor& frozen)
{
    checkInput(logmel);
    const int start = frozen.defined() ? m_frozenBlocks : 0;
    auto h = frozen.defined() ? frozen : embedAndRun(logmel, 0);
    for (int i = start; i < blockCount(); ++i)
        h = m_layers->ptr(size_t(i))->as<ClipEncoderLayerImpl>()->forward(h);
    return h;
}

torch::Tensor SpectrogramTransformerEncoderImpl::head(const torch::Tensor& pooled)
{
    return m_projection(m_postLayerNorm(pooled));
}

torch::Tensor SpectrogramTransformerEncoderImpl::forward(const torch::Tensor& logmel, const torch::Tensor& frozen)
{
    const auto h = encode(logmel, frozen);
    return head(m_options.pooling == "mean" ? h.narrow(1, 1, h.size(1) - 1).mean(1) : h.select(1, 0));
}

torch::Tensor SpectrogramTransformerEncoderImpl::forwardSegments(
    const torch::Tensor& logmel, const std::vector<std::pair<int64_t, int64_t>>& frameRanges,
    const torch::Tensor& frozen)
{
    checkInput(logmel);
    if (frameRanges.empty())
        throw Error(std::string("spectrogram transformer"), "forwardSegments needs at least one frame range");
    const auto frames = logmel.size(2);
    const auto axis = timeAxis(frames);
    std::vector<std::pair<int64_t, int64_t>> columns;
    for (const auto& range : frameRanges)
        columns.push_back(axis.columnsFor(range, frames));
    const auto h = encode(logmel, frozen);
    const auto grid = h.narrow(1, 1, h.size(1) - 1).view({h.size(0), m_melPatches, axis.columns, h.size(2)});
    std::vector<torch::Tensor> pooled;
    for (const auto& [first, last] : columns)
        pooled.push_back(grid.narrow(2, first, last - first).mean({1, 2}));
    return head(torch::stack(pooled, 1));  // [B, L, D]
}

void SpectrogramTransformerEncoderImpl::initFromClipVision(const std::map<std::string, torch::Tensor>& hfState,
                                                           int clipHeads)
{
    const std::string vp = "vision_model.";
    const int64_t hidden = m_options.hiddenSize;
    const auto find = [&](const std::string& name) -> const torch::Tensor& {
        const auto it = hfState.find(name);
        if (it == hfState.end())
            throw Error(name, "missing from the CLIP vision weights");
        return it->second;
    };
    const auto requireShape = [&](const std::string& name, const torch::Tensor& t,
                                  torch::IntArrayRef want, const std::string& hint) {
        if (t.sizes() != want)
            throw Error(name, "CLIP tensor has shape " + shapeText(t.sizes()) + ", the audio encoder needs "
                                  + shapeText(want) + " (" + hint + ")");
    };
    const std::string hiddenHint = "transformer.hidden_size " + std::to_string(hidden) + " must equal CLIP's";

    if (clipHeads > 0 && clipHeads != m_options.heads)
        throw Error(std::string("CLIP vision weights"), "CLIP has " + std::to_string(clipHeads) + " attention heads, "
                                               "transformer.heads is " + std::to_string(m_options.heads));

    // Gather every (destination, value) first so that an error leaves the encoder untouched.
    std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;
    torch::NoGradGuard noGrad;

    const auto className = vp + "embeddings.class_embedding";
    const auto& cls = find(className);
    requireShape(className, cls, {hidden}, hiddenHint);
    copies.emplace_back(m_classEmbedding, cls);

    const auto patchName = vp + "embeddings.patch_embedding.weight";
    const auto& rgb = find(patchName);
    if (rgb.dim() != 4 || rgb.size(0) != hidden)
        throw Error(patchName, "CLIP tensor has shape " + shapeText(rgb.sizes()) + ", expected [" + std::to_string(hidden)
                                   + ", channels, P, P] (" + hiddenHint + ")");
    auto kernel = m_options.clipPatchReduce == "mean" ? rgb.mean(1, true) : rgb.sum(1, true);
    if (kernel.size(2) != m_options.patchMel || kernel.size(3) != m_options.patchTime) {
        const double area = double(kernel.size(2) * kernel.size(3)) / double(m_options.patchMel * m_options.patchTime);
        kernel = resizeBilinear(kernel, m_options.patchMel, m_options.patchTime) * area;
    }
    copies.emplace_back(m_patchEmbedding->weight, kernel);

    const auto posName = vp + "embeddings.position_embedding.weight";
    const auto& pos = find(posName);
    if (pos.dim() != 2 || pos.size(1) != hidden)
        throw Error(posName, "CLIP tensor has shape " + shapeText(pos.sizes()) + ", expected [1 + G * G, "
                                 + std::to_string(hidden) + "] (" + hiddenHint + ")");
    const auto side = int64_t(std::lround(std::sqrt(double(pos.size(0) - 1))));
    if (side < 1 || side * side != pos.size(0) - 1)
        throw Error(posName, "CLIP position count " + std::to_string(pos.size(0)) + " is not 1 + a square grid");
    const auto imageGrid = pos.narrow(0, 1, side * side).reshape({1, side, side, hidden}).permute({0, 3, 1, 2});
    const auto audioGrid = resizeBilinear(imageGrid, m_melPatches, m_options.maxTimePatches)
                               .permute({0, 2, 3, 1})
                               .reshape({m_melPatches * m_options.maxTimePatches, hidden});
    copies.emplace_back(m_positionEmbedding, torch::cat({pos.narrow(0, 0, 1), audioGrid}));

    const auto addNorm = [&](const std::string& hfName, torch::nn::LayerNorm& norm) {
        for (const char* part : {"weight", "bias"}) {
            const auto name = vp + hfName + "." + part;
            const auto& t = find(name);
            const auto& dest = std::string(part) == "weight" ? norm->weight : norm->bias;
            requireShape(name, t, dest.sizes(), hiddenHint);
            copies.emplace_back(dest, t);
        }
    };
    addNorm("pre_layrnorm", m_preLayerNorm);  // sic: Hugging Face's spelling
    addNorm("post_layernorm", m_postLayerNorm);

    const std::string layerPrefix = vp + "encoder.layers.";
    int64_t clipLayers = 0;
    for (const auto& [name, t] : hfState) {
        if (name.rfind(layerPrefix, 0) != 0)
            continue;
        const auto rest = name.substr(layerPrefix.size());
        const auto dot = rest.find('.');
        try {
            clipLayers = std::max<int64_t>(clipLayers, std::stoll(rest.substr(0, dot)) + 1);
        } catch (const std::exception&) {
            throw Error(name, "unexpected CLIP tensor name (no layer index)");
        }
    }
    if (clipLayers != int64_t(m_layers->size()))
        throw Error(layerPrefix + "N", "CLIP has " + std::to_string(clipLayers) + " layers, transformer.layers is "
                                           + std::to_string(m_layers->size()));
    for (size_t i = 0; i < m_layers->size(); ++i) {
        for (const auto& item : m_layers->ptr(i)->named_parameters()) {
            const auto name = layerPrefix + std::to_string(i) + "." + item.key();
            const auto& t = find(name);
            requireShape(name, t, item.value().sizes(),
                         hiddenHint + "; transformer.mlp_size " + std::to_string(m_options.mlpSize) + " must equal CLIP's");
            copies.emplace_back(item.value(), t);
        }
    }

    const auto projIt = hfState.find("visual_projection.weight");
    if (projIt != hfState.end()) {
        requireShape("visual_projection.weight", projIt->second, m_projection->weight.sizes(),
                     "embed_dim must equal CLIP's projection_dim");
        copies.emplace_back(m_projection->weight, projIt->second);
    }

    for (auto& [dest, value] : copies)
        dest.copy_(value);
}

} // namespace soundframe
