#pragma once
// UTF-8 <-> code points, with Python's rules for bad input, and strict validation.
//
//   std::u32string cps = utf8::decode(bytes);     // bad sequences become U+FFFD
//   std::string back = utf8::encode(cps);
//   if (!utf8::isValid(line)) skip("byte " + std::to_string(utf8::firstInvalid(line)) + " is not UTF-8");
//
// decode() replaces each maximal ill-formed subpart with one U+FFFD (Unicode's recommended
// practice, which is also what Python's bytes.decode("utf-8", "replace") does).
// Pure functions, thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace soundframe::utf8 {

std::u32string decode(std::string_view bytes);
// nullopt when `bytes` is not well-formed UTF-8.
std::optional<std::u32string> decodeStrict(std::string_view bytes);
// Code points above U+10FFFF and surrogates are written as U+FFFD.
std::string encode(std::u32string_view codePoints);
void append(std::string& out, char32_t codePoint);
// Offset of the first byte that does not start or continue a well-formed sequence (strict RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF); std::string_view::npos when valid.
size_t firstInvalid(std::string_view bytes);
inline bool isValid(std::string_view bytes) { return firstInvalid(bytes) == std::string_view::npos; }

} // namespace soundframe::utf8
