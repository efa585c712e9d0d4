#pragma once
// BpeTrainer: learns a CLIP-style byte-level BPE vocabulary (vocab.json + merges.txt) from text,
// for the stand-in image-text model SoundFrame trains itself.
//
//   BpeTrainer trainer(BpeTrainerOptions{});           // vocabSize 4096, minFrequency 2
//   for (const auto& caption : captions)
//       trainer.addText(caption);
//   trainer.train(hooks);
//   trainer.save("runs/standin");                      // ClipTokenizer::fromDirectory reads it back
//
// Words come from ClipPreTokenizer::words (the cleaning and splitting ClipTokenizer uses); words
// that are special tokens are not counted. Vocabulary layout, as CLIP's: ids 0..255 are the byte
// symbols in ByteSymbols::index order, 256..511 the same with "</w>", then one id per new merge
// result in merge order (a result spelled like an earlier one gets no second id), then
// <|startoftext|> and <|endoftext|>.
// Training repeatedly merges the adjacent symbol pair with the highest count (word frequency
// times occurrences in the word, overlapping ones included), ties going to the lower (left,
// right) pair in code point order, until the vocabulary has vocabSize entries, no pair is seen
// minFrequency times, or hooks cancel (the merges so far are kept). The result depends only on
// the multiset of texts added, not on their order. ClipTokenizer reads the saved files; its
// decode(encode(x)) gives back the words of x joined by single spaces (x itself, cleaned, when
// its words were separated by spaces).
// Thread: a trainer is used from one thread at a time.
#include "base/JobHooks.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace soundframe {

struct BpeTrainerOptions {
    int64_t vocabSize = 4096;  // entries in vocab.json: 512 byte symbols + merges + 2 special tokens; >= 514
    int64_t minFrequency = 2;  // a pair seen fewer times than this in the corpus is never merged; >= 1
};

class BpeTrainer {
public:
    // Throws Error when the options are out of range.
    explicit BpeTrainer(BpeTrainerOptions options = {});

    // Counts the words of one text (UTF-8; cleaned as ClipTokenizer cleans it).
    void addText(std::string_view text);
    // addText() for every line of a UTF-8 text file; throws Error naming it when unreadable.
    void addFile(const std::filesystem::path& file);
    // Number of distinct words counted so far.
    size_t distinctWords() const { return m_wordCounts.size(); }

    // Learns the merges from everything added so far (a second call starts afresh).
    // Reports progress as stage "bpe", done/total in merges.
    void train(const JobHooks& hooks = JobHooks());

    // The merges learned by the last train(), in rank order, as symbol strings.
    const std::vector<std::pair<std::string, std::string>>& merges() const { return m_merges; }
    // vocab.json's entries in id order.
    const std::vector<std::string>& vocabulary() const { return m_vocabulary; }

    // Writes dir/vocab.json and dir/merges.txt (creating dir), each atomically: a crash
    // leaves either the old or the new file under each name. Throws Error naming the path.
    void save(const std::filesystem::path& dir) const;

private:
    void resetVocabulary();

    BpeTrainerOptions m_options;
    std::unordered_map<std::string, int64_t> m_wordCounts;
    std::vector<std::pair<std::string, std::string>> m_merges;
    std::vector<std::string> m_vocabulary;
};

} // namespace soundframe
