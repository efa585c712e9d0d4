#pragma once
// ByteSymbols: GPT-2/CLIP's reversible mapping of the 256 byte values onto printable
// Unicode characters, so byte-level BPE symbols never contain whitespace or control codes.
//
//   std::string s = ByteSymbols::encode("é!");      // "Ã©!" : one symbol per byte, UTF-8
//   std::string b = ByteSymbols::decode(s);           // "é!" again
//
// Printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') map to themselves; the other 68
// bytes map to U+0100, U+0101, ... in increasing byte order. index() gives a byte's position
// in that listing (printable ones first), which is its id in a CLIP vocabulary.
// All functions are pure and thread-safe.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace soundframe {

class ByteSymbols {
public:
    // The symbol (one character, as UTF-8) standing for `byte`.
    static const std::string& symbol(uint8_t byte);
    // The byte a symbol stands for, given its code point; empty when it stands for none.
    static std::optional<uint8_t> byteOf(char32_t symbol);
    // Position of `byte` in CLIP's base vocabulary order (0..255).
    static int index(uint8_t byte);
    // The byte at position `index` (0..255) of CLIP's base vocabulary order.
    static uint8_t byteAt(int index);

    // Every byte of `bytes` replaced by its symbol.
    static std::string encode(std::string_view bytes);
    // The inverse of encode(); nullopt when `symbols` is not UTF-8 or holds a character
    // that stands for no byte.
    static std::optional<std::string> decode(std::string_view symbols);

    // The suffix a word's last symbol carries in CLIP's vocabulary ("a</w>").
    static constexpr std::string_view kEndOfWord = "</w>";
    // One key for the symbol pair (left, right), as the BPE trainer and tokenizer key their merges.
    static uint64_t pairKey(int32_t left, int32_t right) { return (uint64_t(uint32_t(left)) << 32) | uint32_t(right); }

private:
    struct Tables;
    static const Tables& tables();
};

} // namespace soundframe
