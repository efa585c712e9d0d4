#pragma once
// The versions of the libraries this build of the core runs on, for --version and About boxes.
//
//   for (const auto& [name, version] : libraryVersions()) std::cout << name << " " << version;
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

// {"LibTorch", "1.13.1"}, {"FFmpeg", "5.1.9-0+deb12u1"}, {"libsndfile", "1.2.0"}, ...
std::vector<std::pair<std::string, std::string>> libraryVersions();

} // namespace soundframe
