#include "CnnAudioEncoder.h"

#include "base/Error.h"
#include "base/ShapeText.h"

#include <torch/torch.h>

namespace soundframe {

CnnAudioEncoderImpl::CnnAudioEncoderImpl(const AudioEncoderConfig& config)
    : m_mels(config.logMel.nMels)
    , m_blockDropout(config.cnn.blockDropout)
    , m_headDropout(config.cnn.headDropout)
    , m_bn0(register_module("bn0", torch::nn::BatchNorm2d(config.logMel.nMels)))
{
    const auto channels = config.cnnChannels();
    int64_t in = 1;
    for (size_t i = 0; i < channels.size(); ++i) {
        const int64_t pool = i < 5 ? 2 : 1;  // CNN14's sixth block does not pool
        m_blocks.push_back(register_module("conv_block" + std::to_string(i + 1),
                                           CnnConvBlock(in, channels[i], pool)));
        m_timeReduction *= pool;
        in = channels[i];
    }
    m_fc1 = register_module("fc1", torch::nn::Linear(in, in));
    m_projection = register_module(
        "projection", torch::nn::Linear(torch::nn::LinearOptions(in, config.embedDim).bias(false)));
    torch::NoGradGuard noGrad;
    torch::nn::init::xavier_uniform_(m_fc1->weight);
    m_fc1->bias.zero_();
    torch::nn::init::xavier_uniform_(m_projection->weight);
}

void CnnAudioEncoderImpl::checkInput(const torch::Tensor& logmel) const
{
    if (logmel.dim() != 3 || logmel.size(1) != m_mels)
        throw Error(std::string("CNN audio encoder"), "expected log-mel [batch, " + std::to_string(m_mels)
                                             + ", frames], got " + shapeText(logmel.sizes()));
    if (logmel.size(2) < m_timeReduction)
        throw Error(std::string("CNN audio encoder"), "needs at least " + std::to_string(m_timeReduction)
                                             + " frames, got " + std::to_string(logmel.size(2)));
}

void CnnAudioEncoderImpl::freezeLeadingBlocks(int blocks)
{
    if (blocks < 0 || blocks > blockCount())
        throw Error(std::string("CNN audio encoder"), "cannot freeze " + std::to_string(blocks) + " blocks of "
                                                          + std::to_string(blockCount()));
    m_frozenBlocks = blocks;
    std::vector<torch::nn::Module*> frozen;
    if (blocks > 0)
        frozen.push_back(m_bn0.get());
    for (int i = 0; i < blocks; ++i)
        frozen.push_back(m_blocks[size_t(i)].get());
    for (auto* module : frozen)
        for (auto& p : module->parameters())
            p.set_requires_grad(false);
    train(is_training());
}

void CnnAudioEncoderImpl::train(bool on)
{
    torch::nn::Module::train(on);
    if (m_frozenBlocks > 0)
        m_bn0->eval();
    for (int i = 0; i < m_frozenBlocks; ++i)
        m_blocks[size_t(i)]->eval();
}

FeatureTimeAxis CnnAudioEncoderImpl::timeAxis(int64_t frames) const
{
    return {m_timeReduction, m_timeReduction, frames / m_timeReduction};
}

torch::Tensor CnnAudioEncoderImpl::leadingBlocks(const torch::Tensor& logmel, int blocks)
{
    // BatchNorm over mel bins: mels become the channels of [B, mels, frames, 1].
    auto x = m_bn0(logmel.unsqueeze(3)).transpose(1, 3);  // [B, 1, frames, mels]
    for (int i = 0; i < blocks; ++i)
        x = torch::dropout(m_blocks[size_t(i)](x), m_blockDropout, is_training() && i >= m_frozenBlocks);
    return x;
}

torch::Tensor CnnAudioEncoderImpl::frozenFeatures(const torch::Tensor& logmel)
{
    checkInput(logmel);
    torch::NoGradGuard noGrad;
    return leadingBlocks(logmel, m_frozenBlocks);
}

torch::Tensor CnnAudioEncoderImpl::timeFeatures(const torch::Tensor& logmel, const torch::Tensor& frozen)
{
    checkInput(logmel);
    const int start = frozen.defined() ? m_frozenBlocks : 0;
    auto x = frozen.defined() ? frozen : leadingBlocks(logmel, 0);
    for (size_t i = size_t(start); i < m_blocks.size(); ++i)
        x = torch::dropout(m_blocks[i](x), m_blockDropout, is_training() && int(i) >= m_frozenBlocks);
    return x.mean(3);  // [B, C, columns]
}

torch::Tensor CnnAudioEncoderImpl::poolTime(const torch::Tensor& features)
{
    return std::get<0>(features.max(-1)) + features.mean(-1);
}

torch::Tensor CnnAudioEncoderImpl::head(const torch::Tensor& pooled)
{
    auto x = torch::dropout(pooled, m_headDropout, is_training());
    x = torch::relu(m_fc1(x));
    x = torch::dropout(x, m_headDropout, is_training());
    return m_projection(x);
}

torch::Tensor CnnAudioEncoderImpl::forward(const torch::Tensor& logmel, const torch::Tensor& frozen)
{
    return head(poolTime(timeFeatures(logmel, frozen)));
}

torch::Tensor CnnAudioEncoderImpl::forwardSegments(const torch::Tensor& logmel,
                                                   const std::vector<std::pair<int64_t, int64_t>>& frameRanges,
                                                   const torch::Tensor& frozen)
{
    checkInput(logmel);
    if (frameRanges.empty())
        throw Error(std::string("CNN audio encoder"), "forwardSegments needs at least one frame range");
    const auto axis = timeAxis(logmel.size(2));
    std::vector<std::pair<int64_t, int64_t>> columns;
    for (const auto& range : frameRanges)
        columns.push_back(axis.columnsFor(range, logmel.size(2)));
    const auto features = timeFeatures(logmel, frozen);
    std::vector<torch::Tensor> pooled;
    for (const auto& [first, last] : columns)
        pooled.push_back(poolTime(features.narrow(2, first, last - first)));
    return head(torch::stack(pooled, 1));  // [B, L, D]
}

} // namespace soundframe
