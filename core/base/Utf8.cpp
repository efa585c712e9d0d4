#include "Utf8.h"

#include <cstdint>

namespace soundframe::utf8 {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one sequence at `i`; returns the code point (or nullopt for an ill-formed
// subpart) and advances `i` past the sequence or the maximal ill-formed subpart.
std::optional<char32_t> next(std::string_view s, size_t& i)
{
    const auto b0 = uint8_t(s[i]);
    if (b0 < 0x80) {
        ++i;
        return char32_t(b0);
    }
    int length = 0;
    uint8_t lo = 0x80, hi = 0xBF;  // valid range of the second byte (Unicode table 3-7)
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        cp = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0;
        if (b0 == 0xED)
            hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        cp = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90;
        if (b0 == 0xF4)
            hi = 0x8F;
    } else {
        ++i;
        return std::nullopt;
    }
    size_t j = i + 1;
    for (int k = 1; k < length; ++k, ++j) {
        if (j >= s.size()) {
            i = j;
            return std::nullopt;
        }
        const auto b = uint8_t(s[j]);
        const uint8_t low = k == 1 ? lo : 0x80, high = k == 1 ? hi : 0xBF;
        if (b < low || b > high) {
            i = j;  // the valid prefix is the maximal subpart; `b` starts afresh
            return std::nullopt;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    i = j;
    return cp;
}

} // namespace

std::u32string decode(std::string_view bytes)
{
    std::u32string out;
    out.reserve(bytes.size());
    size_t i = 0;
    while (i < bytes.size())
        out += next(bytes, i).value_or(kReplacement);
    return out;
}

std::optional<std::u32string> decodeStrict(std::string_view bytes)
{
    std::u32string out;
    out.reserve(bytes.size());
    size_t i = 0;
    while (i < bytes.size()) {
        const auto cp = next(bytes, i);
        if (!cp)
            return std::nullopt;
        out += *cp;
    }
    return out;
}

void append(std::string& out, char32_t c)
{
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = kReplacement;
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

std::string encode(std::u32string_view codePoints)
{
    std::string out;
    out.reserve(codePoints.size());
    for (const char32_t c : codePoints)
        append(out, c);
    return out;
}

size_t firstInvalid(std::string_view bytes)
{
    size_t i = 0;
    while (i < bytes.size()) {
        const size_t start = i;
        if (!next(bytes, i))
            return start;
    }
    return std::string_view::npos;
}

} // namespace soundframe::utf8
