#pragma once
// SafeTensorsWriter: collects tensors and writes one .safetensors file atomically.
//
//   SafeTensorsWriter out;
//   out.add("embeddings", DType::F32, {n, d}, values.data(), values.size() * sizeof(float));
//   out.setMetadata("format", "soundframe-embeddings/1");
//   out.write("emb.safetensors");   // temp file + rename: never half-written
//
// The layout is the reference one (8-byte little-endian header length, JSON header padded
// with spaces to a multiple of 8, tensors in the order added), so PyTorch's safetensors loads it.
#include "DType.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace soundframe {

class SafeTensorsWriter {
public:
    // Copies `nbytes` bytes of row-major little-endian data. Throws Error if the name is taken,
    // or if nbytes does not equal the shape's element count times the dtype size.
    void add(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
             const void* data, size_t nbytes);
    void addFloat32(const std::string& name, const std::vector<int64_t>& shape,
                    const std::vector<float>& values);
    void setMetadata(const std::string& key, const std::string& value) { m_metadata[key] = value; }

    // The whole file's bytes (header and data), as write() stores them.
    std::string serialize() const;
    void write(const std::filesystem::path& path) const;

private:
    struct Entry {
        std::string name;
        DType dtype;
        std::vector<int64_t> shape;
        std::string bytes;
    };
    std::vector<Entry> m_entries;
    std::map<std::string, std::string> m_metadata;
};

} // namespace soundframe
