#include "ByteSymbols.h"

#include "base/Utf8.h"

namespace soundframe {

struct ByteSymbols::Tables {
    std::array<char32_t, 256> codePoint{};
    std::array<std::string, 256> symbol;
    std::array<int, 256> index{};
    std::array<uint8_t, 256> byteAt{};
};

const ByteSymbols::Tables& ByteSymbols::tables()
{
    static const Tables instance = [] {
        Tables t;
        auto printable = [](int b) {
            return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        };
        int next = 0;
        for (int b = 0; b < 256; ++b)
            if (printable(b)) {
                t.codePoint[b] = char32_t(b);
                t.index[b] = next;
                t.byteAt[next++] = uint8_t(b);
            }
        int shifted = 0;
        for (int b = 0; b < 256; ++b)
            if (!printable(b)) {
                t.codePoint[b] = char32_t(256 + shifted++);
                t.index[b] = next;
                t.byteAt[next++] = uint8_t(b);
            }
        for (int b = 0; b < 256; ++b)
            t.symbol[b] = utf8::encode(std::u32string(1, t.codePoint[b]));
        return t;
    }();
    return instance;
}

const std::string& ByteSymbols::symbol(uint8_t byte)
{
    return tables().symbol[byte];
}

std::optional<uint8_t> ByteSymbols::byteOf(char32_t symbol)
{
    if (symbol < 256) {
        const auto& cp = tables().codePoint;
        if (cp[symbol] == symbol)
            return uint8_t(symbol);
        return std::nullopt;
    }
    if (symbol < 256 + 68) {
        // Shifted bytes are the non-printable ones, in increasing order.
        return tables().byteAt[256 - 68 + int(symbol - 256)];
    }
    return std::nullopt;
}

int ByteSymbols::index(uint8_t byte)
{
    return tables().index[byte];
}

uint8_t ByteSymbols::byteAt(int index)
{
    return tables().byteAt[size_t(index) & 0xFF];
}

std::string ByteSymbols::encode(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes)
        out += symbol(uint8_t(c));
    return out;
}

std::optional<std::string> ByteSymbols::decode(std::string_view symbols)
{
    const auto codePoints = utf8::decodeStrict(symbols);
    if (!codePoints)
        return std::nullopt;
    std::string out;
    out.reserve(codePoints->size());
    for (const char32_t c : *codePoints) {
        const auto b = byteOf(c);
        if (!b)
            return std::nullopt;
        out += char(*b);
    }
    return out;
}

} // namespace soundframe
