#pragma once
// UTF-8 validation for text read from manifests.
//
//   if (auto bad = firstInvalidUtf8(line); bad != std::string_view::npos) skip("byte " + ...);
//
// Strict RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
#include <string_view>

namespace soundframe {

// Offset of the first byte that does not start or continue a valid UTF-8 sequence;
// std::string_view::npos when all of `text` is valid.
size_t firstInvalidUtf8(std::string_view text);
inline bool isValidUtf8(std::string_view text) { return firstInvalidUtf8(text) == std::string_view::npos; }

} // namespace soundframe
