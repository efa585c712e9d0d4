#include "SafeTensorsReader.h"

#include "Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace soundframe {

namespace {
// The reference implementation refuses headers above 100 MB; so do we, before allocating.
constexpr uint64_t kMaxHeaderBytes = 100u * 1024u * 1024u;

uint64_t readLittleEndian64(const uint8_t* p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

struct ParsedHeader {
    std::map<std::string, TensorView> tensors;
    std::map<std::string, std::string> metadata;
};

// Parses and validates the JSON header against a data section of `dataSize` bytes.
ParsedHeader parseHeader(const std::filesystem::path& path, std::string_view text,
                         const uint8_t* data, uint64_t dataSize)
{
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("malformed safetensors header: ") + e.what());
    }
    if (!header.is_object())
        throw Error(path, "malformed safetensors header: not a JSON object");

    ParsedHeader parsed;
    std::vector<std::pair<uint64_t, uint64_t>> ranges;
    for (const auto& [name, info] : header.items()) {
        if (name == "__metadata__") {
            if (!info.is_object())
                throw Error(path, "malformed safetensors header: __metadata__ is not an object");
            for (const auto& [key, value] : info.items()) {
                if (!value.is_string())
                    throw Error(path, "malformed safetensors header: metadata '" + key
                                          + "' is not a string");
                parsed.metadata[key] = value.get<std::string>();
            }
            continue;
        }
        const std::string& tensorName = name;  // clang 14 cannot capture a structured binding
        const auto bad = [&](const std::string& why) {
            return Error(path, "malformed safetensors header: tensor '" + tensorName + "' " + why);
        };
        if (!info.is_object() || !info.contains("dtype") || !info.contains("shape")
            || !info.contains("data_offsets"))
            throw bad("lacks dtype, shape or data_offsets");
        if (!info["dtype"].is_string())
            throw bad("has a non-string dtype");
        const auto dtype = parseDType(info["dtype"].get<std::string>());
        if (!dtype)
            throw bad("has unsupported dtype " + info["dtype"].get<std::string>());
        const auto& shapeJson = info["shape"];
        const auto& offsets = info["data_offsets"];
        if (!shapeJson.is_array() || !offsets.is_array() || offsets.size() != 2
            || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
            throw bad("has a malformed shape or data_offsets");

        TensorView view;
        view.name = name;
        view.dtype = *dtype;
        uint64_t elements = 1;
        for (const auto& d : shapeJson) {
            if (!d.is_number_unsigned())
                throw bad("has a negative or non-integer dimension");
            const uint64_t dim = d.get<uint64_t>();
            if (dim != 0 && elements > (uint64_t(1) << 62) / dim)
                throw bad("has a shape too large to address");
            elements *= dim;
            view.shape.push_back(int64_t(dim));
        }
        const uint64_t begin = offsets[0].get<uint64_t>();
        const uint64_t end = offsets[1].get<uint64_t>();
        if (begin > end || end > dataSize)
            throw Error(path, "truncated or corrupt: tensor '" + name + "' lies at bytes ["
                                  + std::to_string(begin) + ", " + std::to_string(end)
                                  + ") but the data section has only "
                                  + std::to_string(dataSize) + " bytes");
        if (end - begin != elements * dtypeSize(*dtype))
            throw bad("holds " + std::to_string(end - begin) + " bytes, but its shape and dtype need "
                      + std::to_string(elements * dtypeSize(*dtype)));
        view.data = data + begin;
        view.nbytes = size_t(end - begin);
        ranges.emplace_back(begin, end);
        parsed.tensors.emplace(name, std::move(view));
    }
    std::sort(ranges.begin(), ranges.end());
    for (size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i].first < ranges[i - 1].second)
            throw Error(path, "malformed safetensors header: tensors overlap");
    return parsed;
}

} // namespace

SafeTensorsReader::SafeTensorsReader(const std::filesystem::path& path) : m_path(path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(path, systemError("cannot open"));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        throw Error(path, systemError("cannot stat"));
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw Error(path, "is a folder, not a safetensors file");
    }
    const auto fileSize = uint64_t(st.st_size);
    if (fileSize < 8) {
        ::close(fd);
        throw Error(path, "truncated: " + std::to_string(fileSize)
                              + " bytes, too short for a safetensors header");
    }
    void* mapping = ::mmap(nullptr, fileSize, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (mapping == MAP_FAILED)
        throw Error(path, systemError("cannot memory-map"));
    m_mapping = static_cast<const uint8_t*>(mapping);
    m_mappingSize = size_t(fileSize);

    try {
        const uint64_t headerSize = readLittleEndian64(m_mapping);
        if (headerSize > kMaxHeaderBytes)
            throw Error(path, "malformed safetensors header: declared size "
                                  + std::to_string(headerSize) + " bytes is absurd");
        if (headerSize > fileSize - 8)
            throw Error(path, "truncated: header declares " + std::to_string(headerSize)
                                  + " bytes but the file has " + std::to_string(fileSize - 8)
                                  + " after the length field");
        const std::string_view text(reinterpret_cast<const char*>(m_mapping + 8), headerSize);
        auto parsed = parseHeader(path, text, m_mapping + 8 + headerSize, fileSize - 8 - headerSize);
        m_tensors = std::move(parsed.tensors);
        m_metadata = std::move(parsed.metadata);
    } catch (...) {
        unmap();
        throw;
    }
}

SafeTensorsReader::~SafeTensorsReader() { unmap(); }

SafeTensorsReader::SafeTensorsReader(SafeTensorsReader&& other) noexcept { *this = std::move(other); }

SafeTensorsReader& SafeTensorsReader::operator=(SafeTensorsReader&& other) noexcept
{
    if (this != &other) {
        unmap();
        m_path = std::move(other.m_path);
        m_mapping = std::exchange(other.m_mapping, nullptr);
        m_mappingSize = std::exchange(other.m_mappingSize, 0);
        m_tensors = std::move(other.m_tensors);
        m_metadata = std::move(other.m_metadata);
    }
    return *this;
}

void SafeTensorsReader::unmap()
{
    if (m_mapping)
        ::munmap(const_cast<uint8_t*>(m_mapping), m_mappingSize);
    m_mapping = nullptr;
    m_mappingSize = 0;
}

std::map<std::string, std::string> SafeTensorsReader::readMetadata(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open");
    uint8_t lengthBytes[8];
    if (!in.read(reinterpret_cast<char*>(lengthBytes), 8))
        throw Error(path, "truncated: too short for a safetensors header");
    const uint64_t headerSize = readLittleEndian64(lengthBytes);
    const auto fileSize = uint64_t(std::filesystem::file_size(path));
    if (headerSize > kMaxHeaderBytes || headerSize > fileSize - 8)
        throw Error(path, "truncated or malformed safetensors header");
    std::string text(headerSize, '\0');
    if (!in.read(text.data(), std::streamsize(headerSize)))
        throw Error(path, "truncated: header cut short");
    // Offsets are checked against the real data size; the data itself is not read.
    static const uint8_t kNoData = 0;
    return parseHeader(path, text, &kNoData, fileSize - 8 - headerSize).metadata;
}

std::vector<std::string> SafeTensorsReader::names() const
{
    std::vector<const TensorView*> views;
    for (const auto& [name, view] : m_tensors)
        views.push_back(&view);
    std::sort(views.begin(), views.end(),
              [](const TensorView* a, const TensorView* b) { return a->data < b->data; });
    std::vector<std::string> out;
    for (const auto* v : views)
        out.push_back(v->name);
    return out;
}

const TensorView& SafeTensorsReader::tensor(const std::string& name) const
{
    const auto it = m_tensors.find(name);
    if (it == m_tensors.end())
        throw Error(m_path, "no tensor named '" + name + "'");
    return it->second;
}

} // namespace soundframe
