#pragma once
// SafeTensorsReader: memory-maps a .safetensors file and exposes its tensors without copying.
//
//   SafeTensorsReader file("model.safetensors");
//   const TensorView& w = file.tensor("vision_model.embeddings.patch_embedding.weight");
//   std::vector<float> values = w.toFloat32();          // F16 / BF16 converted
//
// The constructor validates the whole header (size, JSON, dtypes, shapes, offsets inside the
// file, no overlaps) and throws Error naming the file on any problem, so later lookups only
// fail for a missing name. Read-only; safe to use from several threads once constructed.
#include "TensorView.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace soundframe {

class SafeTensorsReader {
public:
    explicit SafeTensorsReader(const std::filesystem::path& path);
    ~SafeTensorsReader();
    SafeTensorsReader(const SafeTensorsReader&) = delete;
    SafeTensorsReader& operator=(const SafeTensorsReader&) = delete;
    SafeTensorsReader(SafeTensorsReader&& other) noexcept;
    SafeTensorsReader& operator=(SafeTensorsReader&& other) noexcept;

    // Reads only the header (a few kB), not the tensor data: for listing what a file holds.
    static std::map<std::string, std::string> readMetadata(const std::filesystem::path& path);

    const std::filesystem::path& path() const { return m_path; }
    // Tensor names in the order their data appears in the file.
    std::vector<std::string> names() const;
    bool contains(const std::string& name) const { return m_tensors.count(name) != 0; }
    // Throws Error("<file>: no tensor named '<name>'") when absent.
    const TensorView& tensor(const std::string& name) const;
    // The free-form string map stored under "__metadata__" (empty when none).
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }

private:
    void unmap();

    std::filesystem::path m_path;
    const uint8_t* m_mapping = nullptr;
    size_t m_mappingSize = 0;
    std::map<std::string, TensorView> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

} // namespace soundframe
