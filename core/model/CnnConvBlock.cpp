#include "CnnConvBlock.h"

#include <torch/torch.h>

namespace soundframe {

namespace {
torch::nn::Conv2dOptions conv3x3(int64_t in, int64_t out)
{
    return torch::nn::Conv2dOptions(in, out, 3).stride(1).padding(1).bias(false);
}
} // namespace

CnnConvBlockImpl::CnnConvBlockImpl(int64_t inChannels, int64_t outChannels, int64_t pool)
    : m_conv1(register_module("conv1", torch::nn::Conv2d(conv3x3(inChannels, outChannels))))
    , m_bn1(register_module("bn1", torch::nn::BatchNorm2d(outChannels)))
    , m_conv2(register_module("conv2", torch::nn::Conv2d(conv3x3(outChannels, outChannels))))
    , m_bn2(register_module("bn2", torch::nn::BatchNorm2d(outChannels)))
    , m_pool(pool)
{
    // PANNs' init_layer / init_bn: Xavier-uniform kernels, unit-scale BatchNorm.
    torch::NoGradGuard noGrad;
    torch::nn::init::xavier_uniform_(m_conv1->weight);
    torch::nn::init::xavier_uniform_(m_conv2->weight);
    // Channels-last kernels make oneDNN run its convolutions on NHWC activations instead of
    // reordering every activation to its blocked layout and back (training about 1.8x faster on
    // CPU, bench/README.md). empty_like, not contiguous(): a one-channel kernel already counts as
    // channels-last contiguous and would keep NCHW strides, and with them the slow path.
    for (auto* weight : {&m_conv1->weight, &m_conv2->weight})
        weight->set_data(torch::empty_like(*weight, torch::MemoryFormat::ChannelsLast).copy_(*weight));
}

torch::Tensor CnnConvBlockImpl::forward(const torch::Tensor& x)
{
    auto y = torch::relu(m_bn1(m_conv1(x)));
    y = torch::relu(m_bn2(m_conv2(y)));
    if (m_pool > 1)
        y = torch::avg_pool2d(y, {m_pool, m_pool});
    return y;
}

} // namespace soundframe
