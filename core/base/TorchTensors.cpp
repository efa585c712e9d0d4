#include "TorchTensors.h"

#include "Error.h"
#include "SafeTensorsReader.h"

#include <torch/torch.h>

namespace soundframe {

namespace {
torch::ScalarType scalarType(DType dtype)
{
    switch (dtype) {
    case DType::F64: return torch::kFloat64;
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::Bool: return torch::kBool;
    }
    return torch::kFloat32;
}

DType fileType(torch::ScalarType type, const std::string& name)
{
    switch (type) {
    case torch::kFloat64: return DType::F64;
    case torch::kFloat32: return DType::F32;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kInt64: return DType::I64;
    case torch::kInt32: return DType::I32;
    case torch::kInt16: return DType::I16;
    case torch::kInt8: return DType::I8;
    case torch::kUInt8: return DType::U8;
    case torch::kBool: return DType::Bool;
    default: throw Error("safetensors: tensor '" + name + "' has a dtype safetensors cannot store");
    }
}
} // namespace

torch::Tensor toTorchTensor(const TensorView& view)
{
    // from_blob needs no alignment for a byte copy; clone() detaches it from the mapping.
    auto raw = torch::from_blob(const_cast<uint8_t*>(view.data), {int64_t(view.nbytes)}, torch::kUInt8)
                   .clone();
    auto typed = raw.view(scalarType(view.dtype)).reshape(view.shape);
    if (typed.is_floating_point() && typed.scalar_type() != torch::kFloat32)
        typed = typed.to(torch::kFloat32);
    return typed;
}

void addTorchTensor(SafeTensorsWriter& writer, const std::string& name, const torch::Tensor& tensor)
{
    const auto cpu = tensor.detach().to(torch::kCPU).contiguous();
    const auto sizes = cpu.sizes();
    writer.add(name, fileType(cpu.scalar_type(), name), std::vector<int64_t>(sizes.begin(), sizes.end()),
               cpu.data_ptr(), size_t(cpu.numel()) * cpu.element_size());
}

std::map<std::string, torch::Tensor> loadTorchTensors(const std::filesystem::path& path)
{
    SafeTensorsReader reader(path);
    std::map<std::string, torch::Tensor> out;
    for (const auto& name : reader.names())
        out.emplace(name, toTorchTensor(reader.tensor(name)));
    return out;
}

void saveTorchTensors(const std::filesystem::path& path,
                      const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata)
{
    SafeTensorsWriter writer;
    for (const auto& [name, tensor] : tensors)
        addTorchTensor(writer, name, tensor);
    for (const auto& [key, value] : metadata)
        writer.setMetadata(key, value);
    writer.write(path);
}

} // namespace soundframe
