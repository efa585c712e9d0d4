#!/usr/bin/env python3
"""Independent reference for ClipTokenizer / BpeTrainer tests: CLIP's simple tokenizer, written
for these tests from the description of OpenAI's simple_tokenizer.py (no code copied), plus a
naive BPE trainer with the tie-breaking rule BpeTrainer documents.

Needs Debian's python3-regex (for \\p{L} / \\p{N}). ftfy is not used, as in the C++ code.

  clip_tokenizer_reference.py corpus OUTDIR SEED      -> OUTDIR/corpus.txt (training lines) and
                                                         OUTDIR/tests.json (test texts, hex UTF-8)
  clip_tokenizer_reference.py train CORPUS OUTDIR VOCAB_SIZE MIN_FREQUENCY
                                                      -> OUTDIR/vocab.json + merges.txt
  clip_tokenizer_reference.py scramble INDIR OUTDIR SEED -> same vocab, merges in shuffled order
  clip_tokenizer_reference.py encode VOCABDIR TESTS.json  -> JSON on stdout, one record per text
  clip_tokenizer_reference.py codepoints              -> JSON on stdout: per-chunk SHA-256 of the
                                                         split of a text over every code point, and
                                                         of clean() of every single code point
"""
import hashlib
import html
import json
import os
import random
import re
import sys

try:
    import regex
except ImportError:
    sys.exit("python3-regex is missing (apt-get install python3-regex)")

SOT = "<|startoftext|>"
EOT = "<|endoftext|>"
PATTERN = regex.compile(
    r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
    regex.IGNORECASE)
CHUNK = 4096


def byte_symbol_table():
    """(byte -> symbol character, base vocabulary order of the bytes)."""
    keep = [b for b in range(256) if 0x21 <= b <= 0x7E or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF]
    rest = [b for b in range(256) if b not in keep]
    table = {b: chr(b) for b in keep}
    table.update({b: chr(0x100 + n) for n, b in enumerate(rest)})
    return table, keep + rest


BYTE_SYMBOL, BYTE_ORDER = byte_symbol_table()
SYMBOL_BYTE = {s: b for b, s in BYTE_SYMBOL.items()}


def clean(text):
    text = html.unescape(html.unescape(text)).strip()
    text = re.sub(r"\s+", " ", text).strip()
    return text.lower()


def words(text):
    return PATTERN.findall(clean(text))


def to_symbols(word):
    return "".join(BYTE_SYMBOL[b] for b in word.encode("utf-8"))


def base_vocabulary():
    singles = [BYTE_SYMBOL[b] for b in BYTE_ORDER]
    return singles + [s + "</w>" for s in singles]


def read_vocab(folder):
    with open(os.path.join(folder, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    with open(os.path.join(folder, "merges.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and "#version" in lines[0]:
        lines = lines[1:]
    merges = [tuple(line.split()) for line in lines if line.split()]
    assert all(len(m) == 2 for m in merges)
    return vocab, merges


def write_vocab(folder, vocab_list, merges):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump({s: i for i, s in enumerate(vocab_list)}, f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(a + " " + b + "\n")


class Reference:
    def __init__(self, folder):
        self.vocab, merges = read_vocab(folder)
        self.rank = {}
        for m in merges:
            self.rank.setdefault(m, len(self.rank))
        self.symbol_of = {i: s for s, i in self.vocab.items()}
        self.memo = {}

    def bpe(self, symbols_text):
        if symbols_text in self.memo:
            return self.memo[symbols_text]
        parts = list(symbols_text)
        parts[-1] += "</w>"
        while len(parts) > 1:
            candidates = [(self.rank[p], p) for p in zip(parts, parts[1:]) if p in self.rank]
            if not candidates:
                break
            _, best = min(candidates)
            joined, k = [], 0
            while k < len(parts):
                if k + 1 < len(parts) and (parts[k], parts[k + 1]) == best:
                    joined.append(parts[k] + parts[k + 1])
                    k += 2
                else:
                    joined.append(parts[k])
                    k += 1
            parts = joined
        self.memo[symbols_text] = parts
        return parts

    def encode(self, text):
        ids = []
        for w in words(text):
            if w in (SOT, EOT):
                ids.append(self.vocab[w])
            else:
                ids.extend(self.vocab[p] for p in self.bpe(to_symbols(w)))
        return ids

    def tokenize(self, text, length, pad):
        body = self.encode(text)[:length - 2]
        out = [self.vocab[SOT]] + body + [self.vocab[EOT]]
        return out + [pad] * (length - len(out))

    def decode(self, ids):
        raw = bytes(SYMBOL_BYTE[c] for c in "".join(self.symbol_of[i] for i in ids))
        return raw.decode("utf-8", errors="replace").replace("</w>", " ").strip()


def train(corpus_path, folder, vocab_size, min_frequency):
    counts = {}
    with open(corpus_path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            for w in words(line):
                if w not in (SOT, EOT):
                    counts[w] = counts.get(w, 0) + 1
    corpus = {}
    for w, c in counts.items():
        s = to_symbols(w)
        corpus[tuple(s[:-1]) + (s[-1] + "</w>",)] = c
    vocab = base_vocabulary()
    known = set(vocab)
    merges = []
    while len(vocab) < vocab_size - 2:
        pair_counts = {}
        for w, c in corpus.items():
            for p in zip(w, w[1:]):
                pair_counts[p] = pair_counts.get(p, 0) + c
        if not pair_counts:
            break
        best = min(pair_counts, key=lambda p: (-pair_counts[p], p))
        if pair_counts[best] < min_frequency:
            break
        merges.append(best)
        if best[0] + best[1] not in known:
            known.add(best[0] + best[1])
            vocab.append(best[0] + best[1])
        updated = {}
        for w, c in corpus.items():
            out, k = [], 0
            while k < len(w):
                if k + 1 < len(w) and (w[k], w[k + 1]) == best:
                    out.append(w[k] + w[k + 1])
                    k += 2
                else:
                    out.append(w[k])
                    k += 1
            updated[tuple(out)] = c
        corpus = updated
    write_vocab(folder, vocab + [SOT, EOT], merges)


def scramble(src, dst, seed):
    vocab, merges = read_vocab(src)
    random.Random(seed).shuffle(merges)
    ordered = sorted(vocab, key=vocab.get)
    write_vocab(dst, ordered, merges)


NOUNS = ["dog", "cat", "car", "engine", "bird", "rain", "water", "man", "woman", "child", "baby",
         "train", "horn", "siren", "guitar", "piano", "drum", "wind", "thunder", "door", "bell",
         "clock", "phone", "crowd", "crowds", "motorcycle", "helicopter", "airplane", "river",
         "stream", "fire", "keyboard", "people", "birds", "dogs", "sheep", "cow", "horse", "owl",
         "frog", "frogs", "insects", "truck", "bus", "ambulance", "alarm", "applause", "footsteps",
         "café", "собака", "кошка", "音楽", "犬", "naïve", "école", "müller", "straße"]
VERBS = ["barks", "meows", "revs", "chirps", "falls", "talks", "laughs", "cries", "passes", "honks",
         "plays", "blows", "rumbles", "slams", "rings", "ticks", "cheers", "sings", "runs", "splashes",
         "crackles", "buzzes", "whistles", "hums", "roars", "squeaks", "howls", "idles", "speeds",
         "лает", "鳴く"]
ADJS = ["loud", "quiet", "distant", "nearby", "small", "large", "heavy", "light", "old", "young",
        "busy", "empty", "wet", "metallic", "rhythmic", "soft", "sharp", "low", "high", "big"]
PLACES = ["in the distance", "on a street", "in a park", "near a river", "inside a room",
          "at a station", "in the rain", "by the sea", "in a forest", "on a farm"]
CONNECT = ["while", "and", "as", "then", "before", "after"]


def caption(rng):
    def clause():
        return " ".join(["a", rng.choice(ADJS), rng.choice(NOUNS), rng.choice(VERBS), rng.choice(PLACES)])
    text = clause()
    if rng.random() < 0.5:
        text += " " + rng.choice(CONNECT) + " " + clause()
    return text


EMOJI = ["\U0001F436", "\U0001F50A", "\U0001F44D\U0001F3FD", "\U0001F469\u200D\U0001F4BB", "\u2764\uFE0F",
         "\U0001F1EF\U0001F1F5", "\u263A"]
OTHER_WORDS = ["café", "cafe\u0301", "naïve", "résumé", "ÉCOLE", "Ölgemälde", "STRASSE", "straße",
               "İstanbul", "ΟΔΥΣΣΕΥΣ", "σοφός", "Собака лает", "ПРИВЕТ мир", "犬が吠えている",
               "東京タワー", "ｶﾀｶﾅ", "한국어", "عربى", "हिन्दी", "ﬁle", "Ǆemal", "x\u0345y",
               "it'ſ", "ǅ", "①②③", "٣٤٥", "Ⅻ", "½", "\u00A0nbsp\u00A0", "tab\there",
               "x\u3000y", "a\u2028b", "\x1c\x1dsep\x1e\x1f"]
FIXED = [
    "", " ", "\t\n  \r\n", "a", "A", "!", "1", "12345", "3.14159", "1,000,000 dogs", "-42°C",
    "it's", "IT'S", "they're", "THEY'RE", "we've", "I'm", "you'll", "he'd", "don't", "can't",
    "''s", "it'sa", "'s'", "rock'n'roll", "o'clock", "'ll've'd",
    "https://example.com/path?q=a+b&x=1#frag", "www.sound-frame.org/a_b/c-d.html",
    "e-mail: someone@example.org!!!", "  multiple   spaces\tand\ttabs\n\nnewlines  ",
    "<|startoftext|>", "<|endoftext|>", "<|startoftext|>a dog<|endoftext|>", "<|ENDOFTEXT|>",
    "x<|endoftext|>y", "!!<|endoftext|>", "<|endoftext|>!!", "< |endoftext| >", "<|startoftext|",
    "<|ſtartoftext|>", "a <|endoftext|> b <|startoftext|> c",
    "&amp; &lt;b&gt; &quot;x&quot; &apos; &#39; &#x263A; &#128; &#0; &#x110000; &#55296; &#1;",
    "&amp;amp; &ampx &lt &gtx; &nbsp;x&nbsp &AMP; &QUOT &LT; &#65 &#x41 &# &#x &#xZ & alone &;",
    "&ampamp; &amp&lt; x&amp;y a&b c&d;",
    "A Dog BARKS Loudly!!! ... ??? (really) [yes] {no} <maybe>",
    "Ünïcödé ÀÉÎÕÜ ÇÑ", "\U0001F436\U0001F436\U0001F436 woof", "\u200b\u200bzero\u200bwidth",
    "\ufeffbom", "a\u0300\u0301\u0302", "tamil: தமிழ்", "thai: ภาษาไทย",
]


def test_texts(rng, count):
    texts = [t.encode("utf-8") for t in FIXED]
    texts += [b"bad \xff bytes", b"cut \xe2\x82", b"\xf0\x80\x80 \xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80",
              b"ok \xe2\x82\xac \xc3"]
    while len(texts) < count:
        parts = caption(rng).split(" ")
        for _ in range(rng.randint(1, 4)):
            k = rng.randrange(len(parts))
            roll = rng.random()
            if roll < 0.15:
                parts[k] = parts[k].upper()
            elif roll < 0.25:
                parts[k] = parts[k].capitalize()
            elif roll < 0.35:
                parts[k] += rng.choice(["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL"])
            elif roll < 0.45:
                parts[k] += rng.choice([",", ".", "!", "?!", "...", ";", ":", ")", "\""])
            elif roll < 0.52:
                parts[k] = str(rng.randint(0, 99999)) + rng.choice(["", "th", "%", "kg", " km/h"])
            elif roll < 0.60:
                parts[k] = rng.choice(EMOJI) + parts[k]
            elif roll < 0.70:
                parts[k] = rng.choice(OTHER_WORDS)
            elif roll < 0.75:
                parts[k] = rng.choice(["https://example.com/" + parts[k], "http://a.b/c?d=" + parts[k]])
            elif roll < 0.80:
                parts[k] = rng.choice(["&amp;", "&quot;", "&#39;", "&#x00e9;", "&lt;", "&gt;"]) + parts[k]
            elif roll < 0.85:
                parts[k] = rng.choice([SOT, EOT, EOT.upper()]) + parts[k]
        seps = [rng.choice([" ", " ", " ", "  ", "\t", "\n", " \u00a0", "\u3000"]) for _ in parts]
        text = "".join(p + s for p, s in zip(parts, seps))
        if rng.random() < 0.1:
            text = " ".join([text] * rng.randint(4, 8))  # long: beyond 77 tokens
        texts.append(text.encode("utf-8"))
    return texts


def make_corpus(folder, seed):
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    lines = [caption(rng) for _ in range(400)]
    lines += ["the dog's bark, at 3 am!", "it's a car's horn (very loud)", "people talk; music plays..."]
    with open(os.path.join(folder, "corpus.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(folder, "tests.json"), "w") as f:
        json.dump([t.hex() for t in test_texts(rng, 400)], f)


def encode_all(folder, tests_path):
    ref = Reference(folder)
    eot = ref.vocab[EOT]
    out = []
    with open(tests_path) as f:
        hexes = json.load(f)
    for h in hexes:
        text = bytes.fromhex(h).decode("utf-8", errors="replace")
        ids = ref.encode(text)
        tokens = ref.tokenize(text, 77, eot)
        out.append({
            "clean": clean(text),
            "words": words(text),
            "ids": ids,
            "tokens": tokens,
            "tokens16_pad0": ref.tokenize(text, 16, 0),
            "decoded": ref.decode(ids),
            "decoded_half": ref.decode(ids[:len(ids) // 2 + 1]) if ids else "",
            "decoded_tokens": ref.decode(tokens),
        })
    json.dump(out, sys.stdout, ensure_ascii=True)


def codepoint_hashes():
    points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    split_hashes, clean_hashes = [], []
    for start in range(0, len(points), CHUNK):
        chunk = points[start:start + CHUNK]
        text = "".join("a" + chr(c) + "1" + chr(c) + chr(c) + "! " for c in chunk)
        found = PATTERN.findall(text)
        split_hashes.append(hashlib.sha256("\0".join(found).encode("utf-8")).hexdigest())
        cleaned = "\0".join(clean(chr(c)) for c in chunk)
        clean_hashes.append(hashlib.sha256(cleaned.encode("utf-8")).hexdigest())
    json.dump({"chunk": CHUNK, "split": split_hashes, "clean": clean_hashes}, sys.stdout)


def main(argv):
    command = argv[1]
    if command == "corpus":
        make_corpus(argv[2], int(argv[3]))
    elif command == "train":
        train(argv[2], argv[3], int(argv[4]), int(argv[5]))
    elif command == "scramble":
        scramble(argv[2], argv[3], int(argv[4]))
    elif command == "encode":
        encode_all(argv[2], argv[3])
    elif command == "codepoints":
        codepoint_hashes()
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main(sys.argv)
