#pragma once
// Bridges between safetensors files and LibTorch tensors.
//
//   auto weights = loadTorchTensors("model.safetensors");          // name -> float32 CPU tensor
//   saveTorchTensors("emb.safetensors", {{"embeddings", emb}}, {{"model", "clip"}});
//
// Kept apart from SafeTensorsReader/Writer so that code that only needs the file format
// does not pay for compiling <torch/torch.h>.
#include "SafeTensorsWriter.h"
#include "TensorView.h"

#include <torch/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

// A float32 CPU copy of a stored tensor of any floating type (F16 and BF16 widened);
// integer and bool tensors keep their type.
torch::Tensor toTorchTensor(const TensorView& view);
// Adds a CPU copy of `tensor` (any device, any layout) under `name`, keeping its dtype.
void addTorchTensor(SafeTensorsWriter& writer, const std::string& name, const torch::Tensor& tensor);

std::map<std::string, torch::Tensor> loadTorchTensors(const std::filesystem::path& path);
void saveTorchTensors(const std::filesystem::path& path,
                      const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

} // namespace soundframe
