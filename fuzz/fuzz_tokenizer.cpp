// ClipTokenizer: encode/tokenize/decode arbitrary bytes with a tiny vocabulary (first byte even),
// or load arbitrary vocab.json + merges.txt text split at the first NUL (first byte odd).
#include "FuzzSupport.h"
#include "base/Error.h"
#include "model/ClipTokenizer.h"

#include <cstring>
#include <optional>

namespace {

// A byte-level vocabulary (the 256 byte symbols, each also with the </w> end-of-word mark),
// a few merges, and the two special tokens, built as GPT-2's bytes_to_unicode maps bytes.
const soundframe::ClipTokenizer& tinyTokenizer()
{
    static const soundframe::ClipTokenizer tokenizer = [] {
        std::vector<std::string> symbols;
        auto utf8 = [](unsigned code) {
            std::string s;
            if (code < 0x80) {
                s += char(code);
            } else {
                s += char(0xC0 | (code >> 6));
                s += char(0x80 | (code & 0x3F));
            }
            return s;
        };
        unsigned extra = 0;
        for (unsigned b = 0; b < 256; ++b) {
            const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
            symbols.push_back(utf8(printable ? b : 256 + extra++));
        }
        std::string vocab = "{";
        int id = 0;
        auto add = [&](const std::string& symbol) {
            std::string escaped;
            for (char c : symbol) {
                if (c == '"' || c == '\\')
                    escaped += '\\';
                escaped += c;
            }
            vocab += (id ? "," : "") + std::string("\"") + escaped + "\":" + std::to_string(id);
            ++id;
        };
        for (const auto& s : symbols)
            add(s);
        for (const auto& s : symbols)
            add(s + "</w>");
        const char* merges[] = {"t h", "th e</w>", "a n", "an d</w>", "o g</w>", "d og</w>"};
        std::string mergesText = "#version: 0.2\n";
        for (const char* m : merges) {
            mergesText += std::string(m) + "\n";
            std::string joined(m);
            joined.erase(joined.find(' '), 1);
            add(joined);
        }
        add("<|startoftext|>");
        add("<|endoftext|>");
        vocab += "}";
        auto v = fuzz::writeTempFile(reinterpret_cast<const uint8_t*>(vocab.data()), vocab.size(), ".json", "tiny-vocab");
        auto m = fuzz::writeTempFile(reinterpret_cast<const uint8_t*>(mergesText.data()), mergesText.size(), ".txt",
                                     "tiny-merges");
        return soundframe::ClipTokenizer::fromFiles(v, m);
    }();
    return tokenizer;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        if ((data[0] & 1) == 0) {
            const auto& tokenizer = tinyTokenizer();
            auto ids = tokenizer.encode(text);
            for (auto id : ids)
                if (id < 0 || id >= tokenizer.vocabSize())
                    __builtin_trap();
            auto padded = tokenizer.tokenize(text, 2 + (data[0] >> 1) % 40);
            tokenizer.decode(ids);
            (void)padded;
        } else {
            const auto split = text.find('\0');
            const std::string vocab = text.substr(0, split);
            const std::string merges = split == std::string::npos ? std::string() : text.substr(split + 1);
            auto v = fuzz::writeTempFile(reinterpret_cast<const uint8_t*>(vocab.data()), vocab.size(), ".json", "vocab");
            auto m = fuzz::writeTempFile(reinterpret_cast<const uint8_t*>(merges.data()), merges.size(), ".txt", "merges");
            auto tokenizer = soundframe::ClipTokenizer::fromFiles(v, m);
            tokenizer.encode("a photo of the dog");
        }
    } catch (const soundframe::Error&) {
    }
    return 0;
}
