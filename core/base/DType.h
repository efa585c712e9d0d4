#pragma once
// DType: element types of the safetensors format, by their names in the file header.
#include <cstddef>
#include <optional>
#include <string>

namespace soundframe {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

// Bytes per element.
size_t dtypeSize(DType type);
// The header name, e.g. "F32", "BF16", "BOOL".
std::string dtypeName(DType type);
// Parses a header name; nullopt for names this reader does not support.
std::optional<DType> parseDType(const std::string& name);

} // namespace soundframe
