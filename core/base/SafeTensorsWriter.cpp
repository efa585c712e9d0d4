#include "SafeTensorsWriter.h"

#include "AtomicWrite.h"
#include "Error.h"

#include <nlohmann/json.hpp>

namespace soundframe {

void SafeTensorsWriter::add(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                            const void* data, size_t nbytes)
{
    if (name == "__metadata__" || name.empty())
        throw Error("safetensors: invalid tensor name '" + name + "'");
    for (const auto& e : m_entries)
        if (e.name == name)
            throw Error("safetensors: tensor '" + name + "' added twice");
    int64_t elements = 1;
    for (auto d : shape) {
        if (d < 0)
            throw Error("safetensors: tensor '" + name + "' has a negative dimension");
        elements *= d;
    }
    if (size_t(elements) * dtypeSize(dtype) != nbytes)
        throw Error("safetensors: tensor '" + name + "' has " + std::to_string(nbytes)
                    + " bytes for a shape needing " + std::to_string(size_t(elements) * dtypeSize(dtype)));
    m_entries.push_back({name, dtype, shape, std::string(static_cast<const char*>(data), nbytes)});
}

void SafeTensorsWriter::addFloat32(const std::string& name, const std::vector<int64_t>& shape,
                                   const std::vector<float>& values)
{
    add(name, DType::F32, shape, values.data(), values.size() * sizeof(float));
}

std::string SafeTensorsWriter::serialize() const
{
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!m_metadata.empty())
        header["__metadata__"] = m_metadata;
    size_t offset = 0;
    for (const auto& e : m_entries) {
        header[e.name] = {{"dtype", dtypeName(e.dtype)},
                          {"shape", e.shape},
                          {"data_offsets", {offset, offset + e.bytes.size()}}};
        offset += e.bytes.size();
    }
    std::string text = header.dump();
    // Padding keeps the data section 8-byte aligned, as the reference writer does.
    text.append((8 - text.size() % 8) % 8, ' ');

    std::string out;
    out.reserve(8 + text.size() + offset);
    uint64_t length = text.size();
    for (int i = 0; i < 8; ++i)
        out.push_back(char((length >> (8 * i)) & 0xff));
    out += text;
    for (const auto& e : m_entries)
        out += e.bytes;
    return out;
}

void SafeTensorsWriter::write(const std::filesystem::path& path) const
{
    writeFileAtomically(path, serialize());
}

} // namespace soundframe
