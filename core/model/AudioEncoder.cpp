#include "AudioEncoder.h"

#include "base/Error.h"
#include "base/ShapeText.h"
#include "base/TorchTensors.h"

#include <torch/torch.h>

namespace soundframe {

AudioEncoderImpl::AudioEncoderImpl(const AudioEncoderConfig& config)
    : m_config(config)
{
    m_config.validate();
    if (m_config.architecture == "cnn")
        m_cnn = register_module("cnn", CnnAudioEncoder(m_config));
    else
        m_transformer = register_module("transformer", SpectrogramTransformerEncoder(m_config));
}

void AudioEncoderImpl::checkFrozen(const torch::Tensor& logmel, const torch::Tensor& frozen) const
{
    if (frozen.defined() && (frozenBlocks() == 0 || frozen.dim() == 0 || frozen.size(0) != logmel.size(0)))
        throw Error(std::string("audio encoder"), "frozen features of " + shapeText(frozen.sizes()) + " do not fit "
                                                      + std::to_string(frozenBlocks())
                                                      + " frozen blocks and a batch of " + std::to_string(logmel.size(0)));
}

torch::Tensor AudioEncoderImpl::forward(const torch::Tensor& logmel, const torch::Tensor& frozen)
{
    checkFrozen(logmel, frozen);
    return m_cnn ? m_cnn->forward(logmel, frozen) : m_transformer->forward(logmel, frozen);
}

torch::Tensor AudioEncoderImpl::forwardSegments(const torch::Tensor& logmel,
                                                const std::vector<std::pair<int64_t, int64_t>>& frameRanges,
                                                const torch::Tensor& frozen)
{
    checkFrozen(logmel, frozen);
    return m_cnn ? m_cnn->forwardSegments(logmel, frameRanges, frozen)
                 : m_transformer->forwardSegments(logmel, frameRanges, frozen);
}

torch::Tensor AudioEncoderImpl::frozenFeatures(const torch::Tensor& logmel)
{
    if (frozenBlocks() == 0)
        throw Error(std::string("audio encoder"), "has no frozen blocks to compute features of");
    return m_cnn ? m_cnn->frozenFeatures(logmel) : m_transformer->frozenFeatures(logmel);
}

int AudioEncoderImpl::frozenBlocks() const
{
    return m_cnn ? m_cnn->frozenBlocks() : m_transformer->frozenBlocks();
}

FeatureTimeAxis AudioEncoderImpl::timeAxis(int64_t frames) const
{
    return m_cnn ? m_cnn->timeAxis(frames) : m_transformer->timeAxis(frames);
}

int AudioEncoderImpl::blockCount() const
{
    return m_cnn ? m_cnn->blockCount() : m_transformer->blockCount();
}

void AudioEncoderImpl::freezeLeadingBlocks(int blocks)
{
    if (m_cnn)
        m_cnn->freezeLeadingBlocks(blocks);
    else
        m_transformer->freezeLeadingBlocks(blocks);
}

std::vector<std::pair<std::string, torch::Tensor>> AudioEncoderImpl::namedTensors() const
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : named_parameters())
        out.emplace_back(item.key(), item.value());
    for (const auto& item : named_buffers())
        out.emplace_back(item.key(), item.value());
    return out;
}

void saveAudioEncoder(const AudioEncoder& encoder, const std::filesystem::path& dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw Error(dir, "cannot create the audio encoder folder: " + ec.message());
    saveTorchTensors(dir / "model.safetensors", encoder->namedTensors(),
                     {{"format", "soundframe.audio_encoder"}, {"architecture", encoder->config().architecture}});
    // The config goes last: a reader that sees the new config.json also finds the new weights.
    writeAudioEncoderConfig(encoder->config(), dir / "config.json");
}

AudioEncoder loadAudioEncoder(const std::filesystem::path& dir, const torch::Device& device)
{
    AudioEncoder encoder(readAudioEncoderConfig(dir / "config.json"));
    const auto weightsPath = dir / "model.safetensors";
    auto stored = loadTorchTensors(weightsPath);
    {
        torch::NoGradGuard noGrad;
        for (auto& [name, tensor] : encoder->namedTensors()) {
            const auto it = stored.find(name);
            if (it == stored.end())
                throw Error(weightsPath, "missing tensor '" + name + "' (config.json's "
                                             + encoder->config().architecture + " model needs it)");
            if (it->second.sizes() != tensor.sizes())
                throw Error(weightsPath, "tensor '" + name + "' has shape " + shapeText(it->second.sizes())
                                             + ", config.json's model needs " + shapeText(tensor.sizes()));
            tensor.copy_(it->second);
            stored.erase(it);
        }
    }
    if (!stored.empty())
        throw Error(weightsPath, "unexpected tensor '" + stored.begin()->first
                                     + "' (does config.json describe this model?)");
    encoder->to(device);
    encoder->eval();
    return encoder;
}

} // namespace soundframe
