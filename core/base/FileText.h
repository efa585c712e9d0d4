#pragma once
// A whole file's bytes as a string — configs, manifests and reports are read this way.
//
//   const std::string text = readFileText(path, "the CLIP config");   // Error: "<path>: cannot open the CLIP config"
#include <filesystem>
#include <string>

namespace soundframe {

// Throws Error naming `path` when it cannot be opened ("cannot open" + " " + `what` when given) or read.
std::string readFileText(const std::filesystem::path& path, const std::string& what = {});

} // namespace soundframe
