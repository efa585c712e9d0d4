#pragma once
// FuzzSupport: helpers shared by the libFuzzer targets in this folder.
//
//   std::filesystem::path file = fuzz::writeTempFile(data, size, ".csv");  // per-process path, overwritten each call
//
// Every target catches soundframe::Error only: that is the contract for bad input. Any other
// exception escaping a parser (std::out_of_range, nlohmann::json::exception, ...) is a finding.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fuzz {

// A folder private to this process under the system temp folder, created on first use.
inline const std::filesystem::path& tempFolder()
{
    static const std::filesystem::path folder = [] {
        auto dir = std::filesystem::temp_directory_path() / ("soundframe-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        return dir;
    }();
    return folder;
}

// Writes the bytes to tempFolder()/input<extension> and returns its path.
inline std::filesystem::path writeTempFile(const uint8_t* data, size_t size, const std::string& extension,
                                           const std::string& stem = "input")
{
    auto path = tempFolder() / (stem + extension);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

} // namespace fuzz
