#pragma once
// UTF-8 <-> code points, with Python's rules for bad input, for the text tokenizers.
//
//   std::u32string cps = utf8::decode(bytes);     // bad sequences become U+FFFD
//   std::string back = utf8::encode(cps);
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

} // namespace soundframe::utf8
