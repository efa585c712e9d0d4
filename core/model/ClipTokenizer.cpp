#include "ClipTokenizer.h"

#include "ByteSymbols.h"
#include "ClipPreTokenizer.h"
#include "base/Utf8.h"
#include "base/Error.h"
#include "base/FileText.h"

#include <nlohmann/json.hpp>

#include <array>
#include <climits>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>

namespace soundframe {

namespace {

// Bounds the per-word cache so a long-running process over a huge corpus keeps flat memory.
constexpr size_t kMaxCachedWords = 200000;

std::string inQuotes(const std::string& s)
{
    return "'" + s + "'";
}

} // namespace

struct ClipTokenizer::Vocabulary {
    std::unordered_map<std::string, int32_t> ids;
    std::unordered_map<int32_t, std::string> bytesOf;  // id -> the bytes its symbols stand for
    std::array<int32_t, 256> byteId{};                 // byte -> id of its symbol
    std::array<int32_t, 256> byteEndId{};              // byte -> id of its symbol + "</w>"
    struct Merge {
        int32_t rank;
        int32_t result;
    };
    std::unordered_map<uint64_t, Merge> merges;  // pairKey(left, right) -> merge
    int32_t startId = -1;
    int32_t endId = -1;
    int64_t size = 0;
};

struct ClipTokenizer::Cache {
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<int64_t>> words;
};

ClipTokenizer::ClipTokenizer(std::shared_ptr<const Vocabulary> vocabulary)
    : m_vocabulary(std::move(vocabulary))
    , m_cache(std::make_shared<Cache>())
{
}

ClipTokenizer ClipTokenizer::fromDirectory(const std::filesystem::path& dir)
{
    return fromFiles(dir / "vocab.json", dir / "merges.txt");
}

ClipTokenizer ClipTokenizer::fromFiles(const std::filesystem::path& vocabJson, const std::filesystem::path& mergesTxt)
{
    auto v = std::make_shared<Vocabulary>();

    nlohmann::json json;
    try {
        json = nlohmann::json::parse(readFileText(vocabJson));
    } catch (const nlohmann::json::exception& e) {
        throw Error(vocabJson, std::string("not valid JSON: ") + e.what());
    }
    if (!json.is_object())
        throw Error(vocabJson, "expected a JSON object {\"symbol\": id, ...}");
    for (const auto& [symbol, value] : json.items()) {
        if (!value.is_number_integer())
            throw Error(vocabJson, "the id of " + inQuotes(symbol) + " is not an integer: " + value.dump());
        const int64_t id = value.get<int64_t>();
        if (id < 0 || id > INT32_MAX || (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(INT32_MAX)))
            throw Error(vocabJson, "the id of " + inQuotes(symbol) + " is out of range: " + value.dump());
        const auto bytes = ByteSymbols::decode(symbol);
        if (!bytes)
            throw Error(vocabJson, "the entry " + inQuotes(symbol) + " has a character that stands for no byte");
        const auto [it, inserted] = v->bytesOf.emplace(int32_t(id), *bytes);
        if (!inserted) {
            std::string other;
            for (const auto& [s, i] : v->ids)
                if (i == id)
                    other = s;
            throw Error(vocabJson, "id " + std::to_string(id) + " is given to both " + inQuotes(other) + " and "
                                       + inQuotes(symbol));
        }
        v->ids.emplace(symbol, int32_t(id));
        v->size = std::max<int64_t>(v->size, id + 1);
    }
    auto require = [&](const std::string& symbol, const std::string& what) {
        const auto it = v->ids.find(symbol);
        if (it == v->ids.end())
            throw Error(vocabJson, "lacks " + what + " " + inQuotes(symbol));
        return it->second;
    };
    for (int b = 0; b < 256; ++b) {
        const auto& s = ByteSymbols::symbol(uint8_t(b));
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", b);
        v->byteId[size_t(b)] = require(s, std::string("the symbol of byte ") + hex);
        v->byteEndId[size_t(b)] = require(s + std::string(ByteSymbols::kEndOfWord), std::string("the end-of-word symbol of byte ") + hex);
    }
    v->startId = require(std::string(ClipPreTokenizer::kStartOfText), "the special token");
    v->endId = require(std::string(ClipPreTokenizer::kEndOfText), "the special token");

    const std::string merges = readFileText(mergesTxt);
    std::unordered_map<uint64_t, int> lineOfMerge;
    size_t lineStart = 0;
    int lineNumber = 0;
    int32_t rank = 0;
    while (lineStart < merges.size()) {
        size_t lineEnd = merges.find('\n', lineStart);
        if (lineEnd == std::string::npos)
            lineEnd = merges.size();
        std::string line = merges.substr(lineStart, lineEnd - lineStart);
        lineStart = lineEnd + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (lineNumber == 1 && line.find("#version") != std::string::npos)
            continue;
        std::vector<std::string> parts;
        std::istringstream fields(line);
        for (std::string part; fields >> part;)
            parts.push_back(part);
        if (parts.empty())
            continue;
        const std::string where = "line " + std::to_string(lineNumber) + ": ";
        if (parts.size() != 2)
            throw Error(mergesTxt, where + "expected two symbols separated by a space, found "
                                       + std::to_string(parts.size()));
        int32_t ids[2];
        for (int k = 0; k < 2; ++k) {
            const auto it = v->ids.find(parts[size_t(k)]);
            if (it == v->ids.end())
                throw Error(mergesTxt, where + "the symbol " + inQuotes(parts[size_t(k)]) + " is not in "
                                           + vocabJson.string());
            ids[k] = it->second;
        }
        const auto result = v->ids.find(parts[0] + parts[1]);
        if (result == v->ids.end())
            throw Error(mergesTxt, where + "the merge result " + inQuotes(parts[0] + parts[1]) + " is not in "
                                       + vocabJson.string());
        const uint64_t key = ByteSymbols::pairKey(ids[0], ids[1]);
        const auto [it, inserted] = lineOfMerge.emplace(key, lineNumber);
        if (!inserted)
            throw Error(mergesTxt, where + "repeats the merge of line " + std::to_string(it->second));
        v->merges.emplace(key, Vocabulary::Merge{rank++, result->second});
    }
    return ClipTokenizer(std::move(v));
}

std::vector<int64_t> ClipTokenizer::encodeWord(const std::string& word) const
{
    const Vocabulary& v = *m_vocabulary;
    if (word == ClipPreTokenizer::kStartOfText)
        return {v.startId};
    if (word == ClipPreTokenizer::kEndOfText)
        return {v.endId};
    {
        std::lock_guard<std::mutex> lock(m_cache->mutex);
        const auto it = m_cache->words.find(word);
        if (it != m_cache->words.end())
            return it->second;
    }

    std::vector<int32_t> symbols;
    symbols.reserve(word.size());
    for (size_t i = 0; i < word.size(); ++i)
        symbols.push_back(i + 1 == word.size() ? v.byteEndId[uint8_t(word[i])] : v.byteId[uint8_t(word[i])]);

    std::vector<int32_t> merged;
    while (symbols.size() > 1) {
        int32_t bestRank = INT32_MAX;
        int32_t result = -1;
        uint64_t bestKey = 0;
        for (size_t i = 0; i + 1 < symbols.size(); ++i) {
            const uint64_t key = ByteSymbols::pairKey(symbols[i], symbols[i + 1]);
            const auto it = v.merges.find(key);
            if (it != v.merges.end() && it->second.rank < bestRank) {
                bestRank = it->second.rank;
                result = it->second.result;
                bestKey = key;
            }
        }
        if (result < 0)
            break;
        // Every occurrence of the best pair, left to right, without overlaps.
        merged.clear();
        for (size_t i = 0; i < symbols.size();) {
            if (i + 1 < symbols.size() && ByteSymbols::pairKey(symbols[i], symbols[i + 1]) == bestKey) {
                merged.push_back(result);
                i += 2;
            } else {
                merged.push_back(symbols[i]);
                ++i;
            }
        }
        symbols.swap(merged);
    }

    std::vector<int64_t> ids(symbols.begin(), symbols.end());
    std::lock_guard<std::mutex> lock(m_cache->mutex);
    if (m_cache->words.size() >= kMaxCachedWords)
        m_cache->words.clear();
    m_cache->words.emplace(word, ids);
    return ids;
}

std::vector<int64_t> ClipTokenizer::encode(const std::string& text) const
{
    std::vector<int64_t> ids;
    for (const auto& word : ClipPreTokenizer::words(text)) {
        const auto wordIds = encodeWord(word);
        ids.insert(ids.end(), wordIds.begin(), wordIds.end());
    }
    return ids;
}

std::vector<int64_t> ClipTokenizer::tokenize(const std::string& text, int contextLength) const
{
    return tokenize(text, contextLength, m_vocabulary->endId);
}

std::vector<int64_t> ClipTokenizer::tokenize(const std::string& text, int contextLength, int64_t padId) const
{
    if (contextLength < 2)
        throw Error(std::string("ClipTokenizer"), "contextLength must be at least 2 (start and end token), got "
                                         + std::to_string(contextLength));
    const auto ids = encode(text);
    const size_t kept = std::min(ids.size(), size_t(contextLength - 2));
    std::vector<int64_t> out;
    out.reserve(size_t(contextLength));
    out.push_back(m_vocabulary->startId);
    out.insert(out.end(), ids.begin(), ids.begin() + std::ptrdiff_t(kept));
    out.push_back(m_vocabulary->endId);
    out.resize(size_t(contextLength), padId);
    return out;
}

std::string ClipTokenizer::decode(const std::vector<int64_t>& ids) const
{
    std::string bytes;
    for (const int64_t id : ids) {
        const auto it = id >= 0 && id <= INT32_MAX ? m_vocabulary->bytesOf.find(int32_t(id))
                                                   : m_vocabulary->bytesOf.end();
        if (it == m_vocabulary->bytesOf.end())
            throw Error(std::string("ClipTokenizer"), "decode: id " + std::to_string(id) + " is not in the vocabulary");
        bytes += it->second;
    }
    const std::u32string text = utf8::decode(bytes);
    const std::u32string endOfWord = U"</w>";
    std::u32string spaced;
    spaced.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        if (text.compare(i, endOfWord.size(), endOfWord) == 0) {
            spaced += U' ';
            i += endOfWord.size();
        } else {
            spaced += text[i++];
        }
    }
    size_t first = 0, last = spaced.size();
    while (first < last && ClipPreTokenizer::isPythonSpace(spaced[first]))
        ++first;
    while (last > first && ClipPreTokenizer::isPythonSpace(spaced[last - 1]))
        --last;
    return utf8::encode(std::u32string_view(spaced).substr(first, last - first));
}

int64_t ClipTokenizer::startId() const
{
    return m_vocabulary->startId;
}

int64_t ClipTokenizer::endId() const
{
    return m_vocabulary->endId;
}

int64_t ClipTokenizer::vocabSize() const
{
    return m_vocabulary->size;
}

int64_t ClipTokenizer::idOf(const std::string& symbol) const
{
    const auto it = m_vocabulary->ids.find(symbol);
    return it == m_vocabulary->ids.end() ? -1 : it->second;
}

} // namespace soundframe
