#include "DType.h"

#include <array>
#include <utility>

namespace soundframe {

namespace {
struct DTypeEntry {
    DType type;
    const char* name;
    size_t size;
};
constexpr std::array<DTypeEntry, 10> kTypes{{
    {DType::F64, "F64", 8},
    {DType::F32, "F32", 4},
    {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8},
    {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},
    {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
}};

const DTypeEntry& entry(DType type)
{
    for (const auto& e : kTypes)
        if (e.type == type)
            return e;
    return kTypes[1];
}
} // namespace

size_t dtypeSize(DType type) { return entry(type).size; }

std::string dtypeName(DType type) { return entry(type).name; }

std::optional<DType> parseDType(const std::string& name)
{
    for (const auto& e : kTypes)
        if (name == e.name)
            return e.type;
    return std::nullopt;
}

} // namespace soundframe
