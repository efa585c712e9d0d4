#pragma once
// CnnConvBlock: one PANNs convolution block, 2 x (3x3 conv without bias + BatchNorm + ReLU)
// followed by average pooling.
//
//   CnnConvBlock block(64, 128, 2);          // channels in, out, pooling (1 = none)
//   auto y = block(x);                       // [B, 64, T, F] -> [B, 128, T / 2, F / 2] (floor)
//
// Parameter names follow PANNs (conv1, bn1, conv2, bn2) so its checkpoints map by name. The conv
// kernels are kept channels-last (NHWC strides; saved files hold the usual contiguous layout), so
// activations after the first convolution are channels-last too.
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace soundframe {

class CnnConvBlockImpl : public torch::nn::Module {
public:
    CnnConvBlockImpl(int64_t inChannels, int64_t outChannels, int64_t pool);
    torch::Tensor forward(const torch::Tensor& x);
    int64_t pool() const { return m_pool; }

private:
    torch::nn::Conv2d m_conv1;
    torch::nn::BatchNorm2d m_bn1;
    torch::nn::Conv2d m_conv2;
    torch::nn::BatchNorm2d m_bn2;
    int64_t m_pool;
};
TORCH_MODULE(CnnConvBlock);

} // namespace soundframe
