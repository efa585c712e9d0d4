#include "BpeTrainer.h"

#include "ByteSymbols.h"
#include "ClipPreTokenizer.h"
#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

namespace soundframe {

namespace {

constexpr int64_t kBaseSymbols = 512;
constexpr int64_t kSpecialTokens = 2;

int32_t leftOf(uint64_t key)
{
    return int32_t(key >> 32);
}

int32_t rightOf(uint64_t key)
{
    return int32_t(key & 0xFFFFFFFFu);
}

} // namespace

BpeTrainer::BpeTrainer(BpeTrainerOptions options)
    : m_options(options)
{
    if (m_options.vocabSize < kBaseSymbols + kSpecialTokens)
        throw Error(std::string("BpeTrainer"), "vocabSize must be at least 514 (512 byte symbols and 2 special tokens), got "
                                      + std::to_string(m_options.vocabSize));
    if (m_options.minFrequency < 1)
        throw Error(std::string("BpeTrainer"), "minFrequency must be at least 1, got " + std::to_string(m_options.minFrequency));
    resetVocabulary();
}

void BpeTrainer::resetVocabulary()
{
    m_merges.clear();
    m_vocabulary.clear();
    for (int i = 0; i < 256; ++i)
        m_vocabulary.push_back(ByteSymbols::symbol(ByteSymbols::byteAt(i)));
    for (int i = 0; i < 256; ++i)
        m_vocabulary.push_back(ByteSymbols::symbol(ByteSymbols::byteAt(i)) + std::string(ByteSymbols::kEndOfWord));
}

void BpeTrainer::addText(std::string_view text)
{
    for (auto& word : ClipPreTokenizer::words(text))
        if (word != ClipPreTokenizer::kStartOfText && word != ClipPreTokenizer::kEndOfText)
            ++m_wordCounts[std::move(word)];
}

void BpeTrainer::addFile(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file, "cannot open the file");
    for (std::string line; std::getline(in, line);)
        addText(line);
    if (in.bad())
        throw Error(file, "read failed");
}

void BpeTrainer::train(const JobHooks& hooks)
{
    resetVocabulary();
    // Symbols by id (ids 0..511 as the vocabulary's base, new ones appended).
    std::vector<std::string> symbols = m_vocabulary;
    std::unordered_map<std::string, int32_t> symbolIds;
    for (size_t i = 0; i < symbols.size(); ++i)
        symbolIds.emplace(symbols[i], int32_t(i));

    std::vector<std::vector<int32_t>> words;
    std::vector<int64_t> counts;
    words.reserve(m_wordCounts.size());
    for (const auto& [word, count] : m_wordCounts) {
        std::vector<int32_t> sequence;
        for (size_t i = 0; i < word.size(); ++i) {
            const int index = ByteSymbols::index(uint8_t(word[i]));
            sequence.push_back(int32_t(i + 1 == word.size() ? 256 + index : index));
        }
        words.push_back(std::move(sequence));
        counts.push_back(count);
    }

    std::unordered_map<uint64_t, int64_t> pairCounts;
    std::unordered_map<uint64_t, std::vector<int32_t>> pairWords;  // may hold stale entries
    for (size_t w = 0; w < words.size(); ++w)
        for (size_t i = 0; i + 1 < words[w].size(); ++i) {
            const uint64_t key = ByteSymbols::pairKey(words[w][i], words[w][i + 1]);
            pairCounts[key] += counts[w];
            pairWords[key].push_back(int32_t(w));
        }

    // Candidates ordered best first: highest count, then lowest (left, right) by spelling.
    // UTF-8 byte order is code point order, so std::string comparison gives the documented rule.
    struct Candidate {
        int64_t count;
        uint64_t key;
    };
    const auto better = [&symbols](const Candidate& a, const Candidate& b) {
        if (a.count != b.count)
            return a.count > b.count;
        const auto& al = symbols[size_t(leftOf(a.key))];
        const auto& bl = symbols[size_t(leftOf(b.key))];
        if (al != bl)
            return al < bl;
        return symbols[size_t(rightOf(a.key))] < symbols[size_t(rightOf(b.key))];
    };
    std::set<Candidate, decltype(better)> queue(better);
    for (const auto& [key, count] : pairCounts)
        queue.insert({count, key});

    const int64_t targetEntries = m_options.vocabSize - kSpecialTokens;
    const int64_t total = targetEntries - kBaseSymbols;
    std::vector<int32_t> seenStamp(words.size(), -1);
    std::unordered_map<uint64_t, int64_t> delta;
    std::vector<int32_t> merged;
    int32_t step = 0;
    while (int64_t(m_vocabulary.size()) < targetEntries && !queue.empty() && !hooks.cancelled()) {
        const Candidate best = *queue.begin();
        if (best.count < m_options.minFrequency)
            break;
        const int32_t left = leftOf(best.key), right = rightOf(best.key);
        const std::string spelling = symbols[size_t(left)] + symbols[size_t(right)];
        m_merges.emplace_back(symbols[size_t(left)], symbols[size_t(right)]);
        auto [found, isNew] = symbolIds.emplace(spelling, int32_t(symbols.size()));
        if (isNew) {
            symbols.push_back(spelling);
            m_vocabulary.push_back(spelling);
        }
        const int32_t result = found->second;

        delta.clear();
        auto wordList = std::move(pairWords[best.key]);
        pairWords.erase(best.key);
        for (const int32_t w : wordList) {
            if (seenStamp[size_t(w)] == step)
                continue;
            seenStamp[size_t(w)] = step;
            auto& sequence = words[size_t(w)];
            merged.clear();
            bool changed = false;
            for (size_t i = 0; i < sequence.size();) {
                if (i + 1 < sequence.size() && sequence[i] == left && sequence[i + 1] == right) {
                    merged.push_back(result);
                    i += 2;
                    changed = true;
                } else {
                    merged.push_back(sequence[i++]);
                }
            }
            if (!changed)
                continue;
            const int64_t count = counts[size_t(w)];
            for (size_t i = 0; i + 1 < sequence.size(); ++i)
                delta[ByteSymbols::pairKey(sequence[i], sequence[i + 1])] -= count;
            for (size_t i = 0; i + 1 < merged.size(); ++i) {
                const uint64_t key = ByteSymbols::pairKey(merged[i], merged[i + 1]);
                delta[key] += count;
                if (merged[i] == result || merged[i + 1] == result)
                    pairWords[key].push_back(w);
            }
            sequence.swap(merged);
        }
        for (const auto& [key, change] : delta) {
            if (change == 0)
                continue;
            auto& count = pairCounts[key];
            if (count > 0)
                queue.erase(Candidate{count, key});
            count += change;
            if (count > 0)
                queue.insert({count, key});
            else
                pairCounts.erase(key);
        }
        // The pair is gone from every word; drop it even if a count went astray.
        if (const auto it = pairCounts.find(best.key); it != pairCounts.end()) {
            queue.erase(Candidate{it->second, best.key});
            pairCounts.erase(it);
        }
        ++step;
        if (step % 64 == 0)
            hooks.report({"bpe", int64_t(m_vocabulary.size()) - kBaseSymbols, total, {}});
    }
    m_vocabulary.push_back(std::string(ClipPreTokenizer::kStartOfText));
    m_vocabulary.push_back(std::string(ClipPreTokenizer::kEndOfText));
    hooks.report({"bpe", int64_t(m_vocabulary.size()) - kBaseSymbols - kSpecialTokens, total,
                  std::to_string(m_merges.size()) + " merges"});
}

void BpeTrainer::save(const std::filesystem::path& dir) const
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw Error(dir, "cannot create the folder: " + (ec ? ec.message() : std::string("not a folder")));

    std::vector<std::string> vocabulary = m_vocabulary;
    if (vocabulary.size() == size_t(kBaseSymbols)) {  // never trained: still a complete vocabulary
        vocabulary.push_back(std::string(ClipPreTokenizer::kStartOfText));
        vocabulary.push_back(std::string(ClipPreTokenizer::kEndOfText));
    }
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    for (size_t i = 0; i < vocabulary.size(); ++i)
        json[vocabulary[i]] = int64_t(i);

    std::string merges = "#version: 0.2\n";
    for (const auto& [left, right] : m_merges)
        merges += left + " " + right + "\n";

    writeFileAtomically(dir / "merges.txt", merges);
    writeFileAtomically(dir / "vocab.json", json.dump());
}

} // namespace soundframe
