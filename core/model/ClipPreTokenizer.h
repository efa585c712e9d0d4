#pragma once
// ClipPreTokenizer: the text cleaning and word splitting in front of CLIP's byte-level BPE,
// as in OpenAI CLIP's simple_tokenizer.py (also used by Hugging Face's CLIPTokenizer).
//
//   std::string c = ClipPreTokenizer::clean("  A &amp; B\n\nIt's  ");  // "a & b it's"
//   auto words = ClipPreTokenizer::split(c);                           // {"a", "&", "b", "it", "'s"}
//
// clean(), in this order:
//  - bytes that are not UTF-8 become U+FFFD (Python's "replace" rule);
//  - HTML character references are unescaped twice, as OpenAI's basic_clean does. Numeric
//    references follow Python's html.unescape exactly (windows-1252 fix-ups for 128..159 from
//    ICU, U+FFFD for surrogates and out-of-range values, removal of the invalid code points);
//    named references are resolved only for amp, lt, gt, quot (any of those in upper case
//    too), apos and nbsp, with html.unescape's rules for a missing ';' and longest prefix.
//    Other named references (e.g. "&copy;") are kept as written, where Python would map them;
//  - runs of whitespace (Python's str.isspace) become one space; both ends are stripped;
//  - lower-casing with ICU's full, language-independent case mapping (as Python's str.lower,
//    final sigma included).
//  OpenAI first runs ftfy.fix_text (mojibake repair, NFC); no C++ equivalent exists and it is
//  not done: text that ftfy would change can tokenise differently from OpenAI's reference.
// split() returns the matches, left to right, of the case-insensitive pattern
//   <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// with the Unicode categories from ICU; characters no branch matches (whitespace) are skipped.
// All functions are pure and thread-safe. Text is UTF-8.
#include <string>
#include <string_view>
#include <vector>

namespace soundframe {

class ClipPreTokenizer {
public:
    static constexpr std::string_view kStartOfText = "<|startoftext|>";
    static constexpr std::string_view kEndOfText = "<|endoftext|>";

    static std::string clean(std::string_view text);
    // Splits already cleaned text into words (UTF-8).
    static std::vector<std::string> split(std::string_view cleanedText);
    // split(clean(text)).
    static std::vector<std::string> words(std::string_view text);

    // HTML character references replaced once, as Python's html.unescape (see above).
    static std::u32string unescapeHtml(std::u32string_view text);
    // Python's str.isspace() for one character.
    static bool isPythonSpace(char32_t c);
};

} // namespace soundframe
