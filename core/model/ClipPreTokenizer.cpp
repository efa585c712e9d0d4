#include "ClipPreTokenizer.h"

#include "base/Utf8.h"
#include "base/Error.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <array>
#include <memory>
#include <mutex>
#include <utility>

namespace soundframe {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// The named references resolved (html.entities.html5 keys; those without ';' are the
// legacy forms HTML allows without it).
constexpr std::array<std::pair<std::u32string_view, char32_t>, 19> kNamedReferences{{
    {U"amp;", U'&'}, {U"amp", U'&'}, {U"AMP;", U'&'}, {U"AMP", U'&'},
    {U"lt;", U'<'}, {U"lt", U'<'}, {U"LT;", U'<'}, {U"LT", U'<'},
    {U"gt;", U'>'}, {U"gt", U'>'}, {U"GT;", U'>'}, {U"GT", U'>'},
    {U"quot;", U'"'}, {U"quot", U'"'}, {U"QUOT;", U'"'}, {U"QUOT", U'"'},
    {U"apos;", U'\''}, {U"nbsp;", char32_t(0xA0)}, {U"nbsp", char32_t(0xA0)},
}};

const char32_t* findNamed(std::u32string_view name)
{
    for (const auto& [key, value] : kNamedReferences)
        if (key == name)
            return &value;
    return nullptr;
}

// HTML maps references to 0x80..0x9F as if they were windows-1252 bytes; ICU has that table
// (its undefined bytes map to the C1 controls, which is what HTML wants too).
char32_t windows1252(uint8_t byte)
{
    static std::mutex mutex;
    static const auto converter = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<UConverter, void (*)(UConverter*)> c(ucnv_open("windows-1252", &status), ucnv_close);
        if (U_FAILURE(status))
            throw Error(std::string("ICU"), std::string("cannot open the windows-1252 converter: ") + u_errorName(status));
        return c;
    }();
    std::lock_guard<std::mutex> lock(mutex);
    const char in[1] = {char(byte)};
    UChar out[2];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t n = ucnv_toUChars(converter.get(), out, 2, in, 1, &status);
    return U_SUCCESS(status) && n == 1 ? char32_t(out[0]) : char32_t(byte);
}

std::u32string numericReference(char32_t value)
{
    if (value == 0)
        return std::u32string(1, kReplacement);
    if (value >= 0x80 && value <= 0x9F)
        return std::u32string(1, windows1252(uint8_t(value)));
    if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
        return std::u32string(1, kReplacement);
    const bool invalid = (value >= 0x1 && value <= 0x8) || value == 0xB || (value >= 0xE && value <= 0x1F)
        || (value >= 0x7F && value <= 0x9F) || (value >= 0xFDD0 && value <= 0xFDEF)
        || (value & 0xFFFE) == 0xFFFE;
    return invalid ? std::u32string() : std::u32string(1, value);
}

int digitValue(char32_t c, bool hex)
{
    if (c >= U'0' && c <= U'9')
        return int(c - U'0');
    if (hex && c >= U'a' && c <= U'f')
        return int(c - U'a' + 10);
    if (hex && c >= U'A' && c <= U'F')
        return int(c - U'A' + 10);
    return -1;
}

bool isLetter(UChar32 c)
{
    return (U_GET_GC_MASK(c) & U_GC_L_MASK) != 0;
}

bool isNumber(UChar32 c)
{
    return (U_GET_GC_MASK(c) & U_GC_N_MASK) != 0;
}

// [^\s\p{L}\p{N}] under IGNORECASE: the `regex` module excludes a character when any of its
// case variants is a letter or number (U+0345 is the one such non-letter today).
bool isOther(UChar32 c)
{
    if (u_isUWhiteSpace(c))
        return false;
    for (const UChar32 v : {c, u_tolower(c), u_toupper(c), u_totitle(c), u_foldCase(c, U_FOLD_CASE_DEFAULT)})
        if (isLetter(v) || isNumber(v))
            return false;
    return true;
}

// Length of `literal` matched case-insensitively (simple case folding) at `pos`, or 0.
size_t matchLiteral(const std::u32string& text, size_t pos, std::u32string_view literal)
{
    if (text.size() - pos < literal.size())
        return 0;
    for (size_t k = 0; k < literal.size(); ++k) {
        const UChar32 c = UChar32(text[pos + k]);
        const UChar32 l = UChar32(literal[k]);
        if (c != l && u_foldCase(c, U_FOLD_CASE_DEFAULT) != u_foldCase(l, U_FOLD_CASE_DEFAULT))
            return 0;
    }
    return literal.size();
}

std::u32string lowerCase(const std::u32string& text)
{
    if (text.empty())
        return text;
    UErrorCode status = U_ZERO_ERROR;
    int32_t length16 = 0;
    u_strFromUTF32(nullptr, 0, &length16, reinterpret_cast<const UChar32*>(text.data()), int32_t(text.size()),
                   &status);
    status = U_ZERO_ERROR;
    std::u16string utf16(size_t(length16), u'\0');
    u_strFromUTF32(reinterpret_cast<UChar*>(utf16.data()), length16, nullptr,
                   reinterpret_cast<const UChar32*>(text.data()), int32_t(text.size()), &status);
    if (U_FAILURE(status))
        throw Error(std::string("ICU"), std::string("UTF-32 to UTF-16 failed: ") + u_errorName(status));

    // Full case mapping can lengthen the text (U+0130 -> "i\u0307"); retry with the size ICU asks for.
    std::u16string lower(utf16.size() + 16, u'\0');
    status = U_ZERO_ERROR;
    int32_t n = u_strToLower(reinterpret_cast<UChar*>(lower.data()), int32_t(lower.size()),
                             reinterpret_cast<const UChar*>(utf16.data()), int32_t(utf16.size()), "", &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        lower.assign(size_t(n), u'\0');
        status = U_ZERO_ERROR;
        n = u_strToLower(reinterpret_cast<UChar*>(lower.data()), int32_t(lower.size()),
                         reinterpret_cast<const UChar*>(utf16.data()), int32_t(utf16.size()), "", &status);
    }
    if (U_FAILURE(status))
        throw Error(std::string("ICU"), std::string("lower-casing failed: ") + u_errorName(status));
    lower.resize(size_t(n));

    std::u32string out;
    int32_t length32 = 0;
    status = U_ZERO_ERROR;
    u_strToUTF32(nullptr, 0, &length32, reinterpret_cast<const UChar*>(lower.data()), n, &status);
    out.assign(size_t(length32), U'\0');
    status = U_ZERO_ERROR;
    u_strToUTF32(reinterpret_cast<UChar32*>(out.data()), length32, nullptr,
                 reinterpret_cast<const UChar*>(lower.data()), n, &status);
    if (U_FAILURE(status))
        throw Error(std::string("ICU"), std::string("UTF-16 to UTF-32 failed: ") + u_errorName(status));
    return out;
}

std::u32string cleanCodePoints(std::string_view text)
{
    auto s = ClipPreTokenizer::unescapeHtml(ClipPreTokenizer::unescapeHtml(utf8::decode(text)));
    std::u32string collapsed;
    collapsed.reserve(s.size());
    bool pendingSpace = false;
    for (const char32_t c : s) {
        if (ClipPreTokenizer::isPythonSpace(c)) {
            pendingSpace = true;
            continue;
        }
        if (pendingSpace && !collapsed.empty())
            collapsed += U' ';
        pendingSpace = false;
        collapsed += c;
    }
    return lowerCase(collapsed);
}

std::vector<std::string> splitCodePoints(const std::u32string& text)
{
    static const std::u32string_view contractions[] = {U"'s", U"'t", U"'re", U"'ve", U"'m", U"'ll", U"'d"};
    static const std::u32string start = utf8::decode(ClipPreTokenizer::kStartOfText);
    static const std::u32string end = utf8::decode(ClipPreTokenizer::kEndOfText);

    std::vector<std::string> words;
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
        size_t length = matchLiteral(text, i, start);
        if (!length)
            length = matchLiteral(text, i, end);
        for (size_t k = 0; !length && k < std::size(contractions); ++k)
            length = matchLiteral(text, i, contractions[k]);
        const auto c = UChar32(text[i]);
        if (!length && isLetter(c)) {
            length = 1;
            while (i + length < n && isLetter(UChar32(text[i + length])))
                ++length;
        } else if (!length && isNumber(c)) {
            length = 1;
        } else if (!length && isOther(c)) {
            length = 1;
            while (i + length < n && isOther(UChar32(text[i + length])))
                ++length;
        }
        if (length) {
            words.push_back(utf8::encode(std::u32string_view(text).substr(i, length)));
            i += length;
        } else {
            ++i;
        }
    }
    return words;
}

} // namespace

bool ClipPreTokenizer::isPythonSpace(char32_t c)
{
    // CPython: bidirectional class WS, B or S, or general category Zs.
    if (c > 0x10FFFF)
        return false;
    const auto direction = u_charDirection(UChar32(c));
    return direction == U_WHITE_SPACE_NEUTRAL || direction == U_BLOCK_SEPARATOR
        || direction == U_SEGMENT_SEPARATOR || u_charType(UChar32(c)) == U_SPACE_SEPARATOR;
}

std::u32string ClipPreTokenizer::unescapeHtml(std::u32string_view s)
{
    if (s.find(U'&') == std::u32string_view::npos)
        return std::u32string(s);
    std::u32string out;
    out.reserve(s.size());
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        if (s[i] != U'&') {
            out += s[i++];
            continue;
        }
        const size_t j = i + 1;
        if (j < n && s[j] == U'#') {
            // '#[0-9]+;?' then '#[xX][0-9a-fA-F]+;?'
            const bool hex = j + 1 < n && (s[j + 1] == U'x' || s[j + 1] == U'X');
            size_t k = hex ? j + 2 : j + 1;
            if (k >= n || digitValue(s[k], hex) < 0) {
                out += s[i++];
                continue;
            }
            char32_t value = 0;
            for (; k < n && digitValue(s[k], hex) >= 0; ++k)
                value = std::min<char32_t>(value * (hex ? 16 : 10) + char32_t(digitValue(s[k], hex)), 0x110000);
            if (k < n && s[k] == U';')
                ++k;
            out += numericReference(value);
            i = k;
            continue;
        }
        // '[^\t\n\f <&#;]{1,32};?'
        size_t k = j;
        while (k < n && k - j < 32 && std::u32string_view(U"\t\n\f <&#;").find(s[k]) == std::u32string_view::npos)
            ++k;
        if (k == j) {
            out += s[i++];
            continue;
        }
        if (k < n && s[k] == U';')
            ++k;
        const auto name = s.substr(j, k - j);
        if (const auto* value = findNamed(name)) {
            out += *value;
        } else {
            bool found = false;
            for (size_t x = name.size() - 1; x > 1 && !found; --x)
                if (const auto* prefixValue = findNamed(name.substr(0, x))) {
                    out += *prefixValue;
                    out += name.substr(x);
                    found = true;
                }
            if (!found) {
                out += U'&';
                out += name;
            }
        }
        i = k;
    }
    return out;
}

std::string ClipPreTokenizer::clean(std::string_view text)
{
    return utf8::encode(cleanCodePoints(text));
}

std::vector<std::string> ClipPreTokenizer::split(std::string_view cleanedText)
{
    return splitCodePoints(utf8::decode(cleanedText));
}

std::vector<std::string> ClipPreTokenizer::words(std::string_view text)
{
    return splitCodePoints(cleanCodePoints(text));
}

} // namespace soundframe
