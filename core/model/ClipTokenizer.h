#pragma once
// ClipTokenizer: CLIP's byte-level BPE tokenizer over a Hugging Face vocab.json + merges.txt.
//
//   auto tok = ClipTokenizer::fromDirectory("models/clip-vit-b32");   // vocab.json + merges.txt
//   std::vector<int64_t> ids = tok.tokenize("A dog barks.");          // 77 ids: sot, ..., eot, pads
//   std::string text = tok.decode(tok.encode("A dog barks."));        // "a dog barks ."
//
// Behaviour of OpenAI CLIP's simple_tokenizer.py / Hugging Face's CLIPTokenizer: text cleaned
// and split into words by ClipPreTokenizer (see there, including what differs: no ftfy), each
// word's UTF-8 bytes mapped to ByteSymbols, "</w>" appended to its last symbol, then merged
// greedily, lowest merges.txt rank first; a word that is exactly <|startoftext|> or
// <|endoftext|> (any case) becomes that special token's id. Results per word are cached.
//
// Files: vocab.json is a JSON object {symbol: id} with distinct non-negative integer ids below
// 2^31; it must hold the 512 byte symbols (with and without "</w>") and both special tokens.
// merges.txt has one merge "left right" per line in rank order; a first line containing
// "#version" is skipped, as are blank lines. Both parts and their concatenation must be in the
// vocabulary. Every violation throws Error naming the file. Unlike OpenAI's loader, merges are
// not truncated to 48,894 lines: the file decides.
//
// decode() is Hugging Face's (without clean_up_tokenization_spaces): symbols joined, mapped
// back to bytes, UTF-8 decoded (bad sequences -> U+FFFD), "</w>" -> " ", ends stripped. So
// decode(encode(x)) is the words of clean(x) joined by single spaces: "a dog, barking." ->
// "a dog , barking ."; it equals clean(x) when words were already separated by spaces.
//
// Thread safety: all methods are const and may be called from several threads at once (the
// cache is guarded by a mutex). Copies are cheap and share the vocabulary and the cache.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace soundframe {

class ClipTokenizer {
public:
    static ClipTokenizer fromFiles(const std::filesystem::path& vocabJson, const std::filesystem::path& mergesTxt);
    // vocab.json + merges.txt in `dir`.
    static ClipTokenizer fromDirectory(const std::filesystem::path& dir);

    // BPE ids of `text` (UTF-8), without start/end tokens.
    std::vector<int64_t> encode(const std::string& text) const;
    // [<|startoftext|>, ids..., <|endoftext|>], ids truncated so the end token fits in
    // contextLength, then padded with padId to exactly contextLength ids. The default padId is
    // the <|endoftext|> id, as Hugging Face's openai/clip-* tokenizers pad (OpenAI's own
    // clip.tokenize pads with 0). The end token's position is therefore the first endId().
    // Throws Error when contextLength < 2.
    std::vector<int64_t> tokenize(const std::string& text, int contextLength = 77) const;
    std::vector<int64_t> tokenize(const std::string& text, int contextLength, int64_t padId) const;
    // Text of `ids` (see above). Throws Error for an id that is not in the vocabulary.
    std::string decode(const std::vector<int64_t>& ids) const;

    int64_t startId() const;
    int64_t endId() const;
    // Highest id + 1: the number of rows a token embedding table needs (49408 for OpenAI's).
    int64_t vocabSize() const;
    // Id of a vocabulary entry (a symbol string as in vocab.json); -1 when absent.
    int64_t idOf(const std::string& symbol) const;

private:
    struct Vocabulary;
    struct Cache;
    ClipTokenizer(std::shared_ptr<const Vocabulary> vocabulary);

    std::vector<int64_t> encodeWord(const std::string& word) const;

    std::shared_ptr<const Vocabulary> m_vocabulary;
    std::shared_ptr<Cache> m_cache;
};

} // namespace soundframe
