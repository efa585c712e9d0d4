#include "NearestFrame.h"

#include "base/Error.h"

#include <torch/torch.h>

namespace soundframe {

namespace F = torch::nn::functional;

int64_t nearestFrame(const torch::Tensor& audio, const torch::Tensor& frames)
{
    if (!frames.defined() || frames.dim() != 2 || frames.size(0) == 0)
        throw Error("nearest frame: the clip has no frame embeddings");
    if (!audio.defined() || audio.dim() != 1 || audio.size(0) != frames.size(1))
        throw Error("nearest frame: the audio embedding has " + std::to_string(audio.defined() ? audio.numel() : 0)
                    + " values but the frames have " + std::to_string(frames.size(1)) + " dimensions");
    torch::NoGradGuard noGrad;
    const auto unitFrames = F::normalize(frames.to(torch::kCPU, torch::kFloat32), F::NormalizeFuncOptions().dim(1));
    const auto unitAudio = F::normalize(audio.to(torch::kCPU, torch::kFloat32), F::NormalizeFuncOptions().dim(0));
    // torch's argmax returns the first of equal maxima.
    return torch::matmul(unitFrames, unitAudio).argmax().item<int64_t>();
}

} // namespace soundframe
