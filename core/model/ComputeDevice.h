#pragma once
// parseComputeDevice: the runtime choice of CPU or GPU, from a user's option string.
//
//   torch::Device d = parseComputeDevice("cuda:1");   // throws Error when CUDA is unavailable
//
// Accepts "cpu", "cuda", "cuda:N" and "auto" (CUDA when this LibTorch has it and a GPU is
// present, CPU otherwise). A bare "cuda", and "auto" finding CUDA, mean GPU `gpu`: 0, or the
// process's local rank in a distributed run (DistributedEnvironment::gpuFor); GPU 0 when only one is
// visible (a launcher gave each process its own). Builds against LibTorch 1.13 and 2.x alike.
#include <torch/types.h>

#include <string>

namespace soundframe {

torch::Device parseComputeDevice(const std::string& text, int gpu = 0);

} // namespace soundframe
