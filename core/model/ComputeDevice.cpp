#include "ComputeDevice.h"

#include "base/Error.h"

#include <torch/cuda.h>

namespace soundframe {

torch::Device parseComputeDevice(const std::string& text, int gpu)
{
    if (text == "auto" && !torch::cuda::is_available())
        return torch::Device(torch::kCPU);
    if (text == "cpu")
        return torch::Device(torch::kCPU);
    if (text == "auto" || text == "cuda" || text.rfind("cuda:", 0) == 0) {
        const bool explicitIndex = text.rfind("cuda:", 0) == 0;
        int index = gpu;
        if (explicitIndex) {
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
        const int visible = int(torch::cuda::device_count());
        // A launcher that gives each process its own GPU (srun --gpus-per-task 1) leaves it only one
        // to see, whatever its local rank.
        if (!explicitIndex && visible == 1)
            index = 0;
        if (index >= visible)
            throw Error("device '" + text + "'" + (explicitIndex ? "" : " (GPU " + std::to_string(index) + ", the local rank)")
                        + ": only " + std::to_string(visible) + " GPU(s) visible");
        return torch::Device(torch::kCUDA, torch::DeviceIndex(index));
    }
    throw Error("device '" + text + "': expected cpu, cuda, cuda:N or auto");
}

} // namespace soundframe
