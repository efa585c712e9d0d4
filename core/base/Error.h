#pragma once
// Error: the one exception type the core throws for bad input and failed I/O.
//
//   try { SafeTensorsReader r("model.safetensors"); }
//   catch (const soundframe::Error& e) { std::cerr << e.what(); }  // "model.safetensors: truncated ..."
//
// It names the file (or other item) at fault and the reason separately, so a job can
// record a per-item skip ({path, reason}) and go on with the rest.
#include <filesystem>
#include <stdexcept>
#include <string>

namespace soundframe {

class Error : public std::runtime_error {
public:
    // `where` is usually a file path; empty when the error concerns no single item.
    Error(std::string where, std::string reason);
    explicit Error(std::string reason) : Error(std::string(), std::move(reason)) {}
    Error(const std::filesystem::path& where, std::string reason)
        : Error(where.string(), std::move(reason)) {}

    const std::string& where() const { return m_where; }
    const std::string& reason() const { return m_reason; }

private:
    std::string m_where;
    std::string m_reason;
};

// "`what`: <the C library's text for errno>", the reason after a failed system call.
std::string systemError(const char* what);

} // namespace soundframe
