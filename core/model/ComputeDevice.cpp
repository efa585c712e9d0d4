#include "ComputeDevice.h"

#include "base/Error.h"

#include <torch/cuda.h>

namespace soundframe {

torch::Device parseComputeDevice(const std::string& text)
{
    if (text == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    if (text == "cpu")
        return torch::Device(torch::kCPU);
    if (text == "cuda" || text.rfind("cuda:", 0) == 0) {
        int index = 0;
        if (text.size() > 5) {
            try {
                size_t used = 0;
                index = std::stoi(text.substr(5), &used);
                if (used != text.size() - 5 || index < 0)
                    throw std::invalid_argument(text);
            } catch (const std::exception&) {
                throw Error("device '" + text + "': expected cuda:N with N a GPU index");
            }
        }
        if (!torch::cuda::is_available())
            throw Error("device '" + text + "': this LibTorch build has no CUDA or no GPU is visible"
                        " (build against a CUDA LibTorch; see README, 'Building for a GPU')");
        if (index >= int(torch::cuda::device_count()))
            throw Error("device '" + text + "': only " + std::to_string(torch::cuda::device_count())
                        + " GPU(s) visible");
        return torch::Device(torch::kCUDA, torch::DeviceIndex(index));
    }
    throw Error("device '" + text + "': expected cpu, cuda, cuda:N or auto");
}

} // namespace soundframe
