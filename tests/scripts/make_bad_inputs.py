#!/usr/bin/python3
"""Generates SoundFrame's bad-input corpus: hostile files every command must answer with a clear error.

  make_bad_inputs.py OUT --ffmpeg /usr/bin/ffmpeg [--clip GOOD_CLIP_DIR]

Writes (all deterministic, seeded):
  OUT/media/        good_*.wav/.flac/.ogg/.mp4 (valid, 1-2 s) and bad ones: truncated, byte-corrupted,
                    wrong extension, zero-length, absurd WAV headers, NaN/Inf float samples, 1 Hz,
                    8 kHz, 384 kHz, 8-channel, one-sample, and a WAV with a non-UTF-8 name
  OUT/media.txt     one media file name per line (bytes, as on disk), good ones first
  OUT/bad.txt       the names expected to fail in prepare/index (valid-but-odd ones are not listed)
  OUT/manifests/    prepare.jsonl (every media file, the two good ones among them), broken CSV and
                    JSONL manifests
  OUT/safetensors/  malformed .safetensors files
  OUT/configs/      malformed training / audio-encoder configs
  OUT/clip-*/       with --clip: copies of a good CLIP folder with one file damaged each
Only the Python standard library and the ffmpeg CLI are used.
"""
import argparse
import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys


def ffmpeg(tool, *args):
    subprocess.run([tool, "-v", "error", "-y", *args], check=True, stdin=subprocess.DEVNULL)


def wav_bytes(rate, channels, samples, fmt=1, bits=16, data=None, data_size=None, block_align=None):
    """A RIFF/WAVE file with the given header fields; `samples` is a list of frames (tuples)."""
    if data is None:
        if fmt == 3:
            data = b"".join(struct.pack("<" + "f" * channels, *frame) for frame in samples)
        else:
            data = b"".join(struct.pack("<" + "h" * channels, *frame) for frame in samples)
    if block_align is None:
        block_align = channels * bits // 8
    fmt_chunk = struct.pack("<HHIIHH", fmt, channels & 0xFFFF, rate & 0xFFFFFFFF,
                            (rate * block_align) & 0xFFFFFFFF, block_align & 0xFFFF, bits)
    size = len(data) if data_size is None else data_size
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt_chunk)) + fmt_chunk + b"data" + struct.pack("<I", size & 0xFFFFFFFF) + data
    return b"RIFF" + struct.pack("<I", len(body) & 0xFFFFFFFF) + body


def sine(rate, seconds, channels=1, freq=440.0):
    n = max(1, int(rate * seconds))
    return [tuple(int(8000 * math.sin(2 * math.pi * freq * i / rate)) for _ in range(channels)) for i in range(n)]


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def corrupt(data, rng, count=64, start=64):
    b = bytearray(data)
    for _ in range(count):
        i = rng.randrange(min(start, len(b) - 1), len(b))
        b[i] = rng.randrange(256)
    return bytes(b)


def make_media(out, tool, rng):
    media = os.path.join(out, "media")
    os.makedirs(media, exist_ok=True)
    p = lambda name: os.path.join(media, name)
    good = []
    # Good files: the two the job commands must still process, plus one per container for corruption.
    ffmpeg(tool, "-f", "lavfi", "-i", "sine=frequency=330:duration=2", "-ar", "16000", p("good_a.wav"))
    ffmpeg(tool, "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=2", "-f", "lavfi",
           "-i", "sine=frequency=550:duration=2", "-ar", "16000", "-c:v", "mpeg4", "-c:a", "aac",
           "-shortest", p("good_b.mp4"))
    good += ["good_a.wav", "good_b.mp4"]
    ffmpeg(tool, "-f", "lavfi", "-i", "anoisesrc=duration=2:seed=3", "-ar", "16000", p("source.flac"))
    ffmpeg(tool, "-f", "lavfi", "-i", "anoisesrc=duration=2:seed=4", "-ar", "16000", "-c:a", "libvorbis", p("source.ogg"))
    bad = []

    def bad_file(name, data):
        write(p(name), data)
        bad.append(name)

    for src in ["good_a.wav", "good_b.mp4", "source.flac", "source.ogg"]:
        data = open(p(src), "rb").read()
        ext = os.path.splitext(src)[1]
        stem = "wav" if ext == ".wav" else ext[1:]
        bad_file("truncated_%s_header%s" % (stem, ext), data[:min(len(data) // 20, 40)])
        # A cut in the middle still decodes partly for streaming formats: that is fine, not an error.
        write(p("truncated_%s_half%s" % (stem, ext)), data[: len(data) // 2])
        write(p("corrupt_%s%s" % (stem, ext)), corrupt(data, rng))
        bad_file("garbage_%s%s" % (stem, ext), bytes(rng.randrange(256) for _ in range(4096)))
    os.remove(p("source.flac"))
    os.remove(p("source.ogg"))
    # Wrong extensions.
    shutil.copy(p("good_a.wav"), p("wav_named.mp4"))
    ffmpeg(tool, "-f", "lavfi", "-i", "testsrc=size=32x32:rate=1", "-frames:v", "1", p("picture.png"))
    shutil.move(p("picture.png"), p("png_named.wav"))
    bad.append("png_named.wav")
    bad_file("text_named.flac", b"this is not a sound\n" * 20)
    # Zero-length.
    for ext in [".wav", ".mp4", ".flac", ".ogg"]:
        bad_file("empty" + ext, b"")
    # Absurd WAV headers (the channel count is a 16-bit field: 2^31 cannot be written, 65535 and 0 can).
    frames = sine(16000, 0.5)
    bad_file("hdr_channels_65535.wav", wav_bytes(16000, 65535, [], data=b"\0" * 4096))
    bad_file("hdr_channels_0.wav", wav_bytes(16000, 0, [], data=b"\0" * 4096, block_align=2))
    bad_file("hdr_rate_0.wav", wav_bytes(0, 1, frames))
    bad_file("hdr_rate_4g.wav", wav_bytes(0xFFFFFFFF, 1, frames))
    bad_file("hdr_bits_0.wav", wav_bytes(16000, 1, frames, bits=0))
    # fuzz_media_probe's finding: a 197-byte WAV whose 1.9 GHz rate made FFmpeg allocate ~2 GB.
    found = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "fuzz-regressions",
                         "fuzz_media_probe", "wav-1.9GHz-rate-allocates-2GB")
    bad_file("hdr_rate_1p9ghz.wav", open(found, "rb").read()[1:])
    write(p("hdr_blockalign_0.wav"), wav_bytes(16000, 1, frames, block_align=0))  # FFmpeg recomputes it
    # Data size far beyond the file: decoders should read what is there (or refuse), never allocate 4 GiB.
    write(p("hdr_datasize_huge.wav"), wav_bytes(16000, 1, frames, data_size=0xFFFFFFF0))
    write(p("hdr_riffsize_0.wav"), wav_bytes(16000, 1, frames)[:4] + b"\0\0\0\0" + wav_bytes(16000, 1, frames)[8:])
    # NaN / Inf float samples.
    special = [(float("nan"),), (float("inf"),), (float("-inf"),), (0.5,)] * 4000
    write(p("float_nan_inf.wav"), wav_bytes(16000, 1, special, fmt=3, bits=32))
    write(p("float_all_nan.wav"), wav_bytes(16000, 1, [(float("nan"),)] * 16000, fmt=3, bits=32))
    # Odd rates and layouts that are valid files.
    write(p("rate_1hz.wav"), wav_bytes(1, 1, sine(1, 5, freq=0.1)))
    write(p("rate_8khz.wav"), wav_bytes(8000, 1, sine(8000, 1)))
    write(p("rate_384khz.wav"), wav_bytes(384000, 1, sine(384000, 0.5)))
    write(p("channels_8.wav"), wav_bytes(16000, 8, sine(16000, 1, channels=8)))
    write(p("one_sample.wav"), wav_bytes(16000, 1, [(1000,)]))
    write(p("zero_samples.wav"), wav_bytes(16000, 1, []))
    # A name that is not UTF-8 (a valid file: it must be found, processed or named in an error).
    raw = os.fsencode(media) + b"/latin1_\xe9t\xe9.wav"
    shutil.copy(p("good_a.wav"), raw)
    names = sorted(os.listdir(os.fsencode(media)))
    names.sort(key=lambda n: (not n.startswith(b"good_"), n))
    with open(os.path.join(out, "media.txt"), "wb") as f:
        f.write(b"".join(n + b"\n" for n in names))
    with open(os.path.join(out, "bad.txt"), "w") as f:
        f.write("".join(n + "\n" for n in sorted(bad)))
    return names, good, bad


def make_manifests(out, names):
    d = os.path.join(out, "manifests")
    os.makedirs(d, exist_ok=True)
    # prepare.jsonl: every media file (bytes names are written with surrogate escapes -> skipped as
    # invalid UTF-8 or as missing), two good ones among them.
    lines = []
    for i, n in enumerate(names):
        try:
            name = n.decode("utf-8")
        except UnicodeDecodeError:
            continue
        lines.append(json.dumps({"id": "clip-%03d" % i, "path": "../media/" + name, "captions": ["a sound"]}))
    write(os.path.join(d, "prepare.jsonl"), ("\n".join(lines) + "\n").encode())
    write(os.path.join(d, "broken.jsonl"), b"".join([
        b'{"id": "ok", "path": "../media/good_a.wav", "captions": ["fine"]}\n',
        b'{"id": "unterminated", "path": "../media/good_a.wav"\n',
        b'not json at all\n',
        b'[1, 2, 3]\n',
        b'{"id": 5, "path": "../media/good_a.wav"}\n',
        b'{"id": "types", "path": 17}\n',
        b'{"id": "nopath"}\n',
        b'{"id": "caps", "path": "../media/good_a.wav", "captions": "not a list"}\n',
        b'{"id": "times", "path": "../media/good_a.wav", "start": "zero", "end": null}\n',
        b'{"id": "nan", "path": "../media/good_a.wav", "start": NaN}\n',
        b'{"id": "huge", "path": "../media/good_a.wav", "start": 1e308, "end": 1e309}\n',
        b'{"id": "neg", "path": "../media/good_a.wav", "start": 5, "end": 1}\n',
        b'{"id": "bytes\xff\xfe", "path": "../media/good_a.wav"}\n',
        b'{"id": "ev", "path": "../media/good_a.wav", "events": [{"label": 3, "start": "x"}]}\n',
        b'{"id": "deep", "path": "../media/good_a.wav", "labels": ' + b"[" * 5000 + b"]" * 5000 + b'}\n',
        b'{"id": "ok", "path": "../media/good_b.mp4"}\n',
    ]))
    write(os.path.join(d, "empty.jsonl"), b"")
    write(os.path.join(d, "only_garbage.jsonl"), b"\x00\x01\x02\xff" * 100)
    # AudioCaps-style CSV: unterminated quote, wrong column counts, bad numbers.
    write(os.path.join(d, "broken_audiocaps.csv"), b"".join([
        b"audiocap_id,youtube_id,start_time,caption\n",
        b"1,good_a,0,a fine tone\n",
        b"2,good_b,0,\"an unterminated quote\n",
        b"3,x,0\n",
        b"4,x,0,a,b,c,d\n",
        b"5,x,not-a-number,caption\n",
        b"6,x,-1e400,caption\n",
        b"7,x,nan,caption\n",
    ]))
    write(os.path.join(d, "unterminated.csv"), b"audiocap_id,youtube_id,start_time,caption\n1,a,0,\"never closed")
    write(os.path.join(d, "broken_clotho.csv"), b"file_name,caption_1,caption_2\ngood_a.wav,one\n\"good_b.mp4,x,y,z\n")
    write(os.path.join(d, "header_only.csv"), b"file_name,caption_1\n")
    write(os.path.join(d, "binary.csv"), bytes(range(256)) * 16)


def safetensors(header, data=b"", length=None):
    h = header if isinstance(header, bytes) else json.dumps(header).encode()
    n = len(h) if length is None else length
    return struct.pack("<Q", n) + h + data


def make_safetensors(out):
    d = os.path.join(out, "safetensors")
    os.makedirs(d, exist_ok=True)
    t = lambda dtype, shape, a, b: {"dtype": dtype, "shape": shape, "data_offsets": [a, b]}
    files = {
        "empty.safetensors": b"",
        "short.safetensors": b"\x05\x00\x00",
        "len_huge.safetensors": safetensors({"a": t("F32", [1], 0, 4)}, b"\0" * 4, length=1 << 62),
        "len_past_end.safetensors": safetensors({"a": t("F32", [1], 0, 4)}, b"\0" * 4, length=10000),
        "len_zero.safetensors": safetensors(b"", b"", length=0),
        "not_json.safetensors": safetensors(b"{not json", b""),
        "not_object.safetensors": safetensors(b"[1,2,3]", b""),
        "overlap.safetensors": safetensors({"a": t("F32", [2], 0, 8), "b": t("F32", [2], 4, 12)}, b"\0" * 12),
        "gap.safetensors": safetensors({"a": t("F32", [1], 0, 4), "b": t("F32", [1], 8, 12)}, b"\0" * 12),
        "past_end.safetensors": safetensors({"a": t("F32", [4], 0, 16)}, b"\0" * 8),
        "wrong_dtype.safetensors": safetensors({"a": t("Q7", [1], 0, 4)}, b"\0" * 4),
        "dtype_size_mismatch.safetensors": safetensors({"a": t("F64", [2], 0, 8)}, b"\0" * 8),
        "negative_shape.safetensors": safetensors({"a": t("F32", [-1], 0, 4)}, b"\0" * 4),
        "shape_overflow.safetensors": safetensors({"a": t("F32", [1 << 32, 1 << 32, 1 << 32], 0, 4)}, b"\0" * 4),
        "offsets_reversed.safetensors": safetensors({"a": t("F32", [1], 4, 0)}, b"\0" * 4),
        "offsets_wrong_type.safetensors": safetensors({"a": {"dtype": "F32", "shape": [1], "data_offsets": "0-4"}}, b"\0" * 4),
        "missing_fields.safetensors": safetensors({"a": {"dtype": "F32"}}, b"\0" * 4),
        "metadata_not_strings.safetensors": safetensors({"__metadata__": {"k": 5}, "a": t("F32", [1], 0, 4)}, b"\0" * 4),
    }
    for name, data in files.items():
        write(os.path.join(d, name), data)


def make_configs(out):
    d = os.path.join(out, "configs")
    os.makedirs(d, exist_ok=True)
    files = {
        "not_json.json": b"{\"epochs\": 3,",
        "not_object.json": b"[1, 2]",
        "wrong_type.json": b"{\"epochs\": \"three\"}",
        "unknown_key.json": b"{\"epochz\": 3}",
        "negative.json": b"{\"epochs\": -5, \"batch\": 0}",
        "huge.json": b"{\"epochs\": 1e300, \"batch\": 99999999999999999999}",
        "nan.json": b"{\"lr\": NaN}",
        "binary.json": b"\xff\xfe\x00\x01",
        "empty.json": b"",
    }
    for name, data in files.items():
        write(os.path.join(d, name), data)


def make_damaged_clips(out, good):
    """One copy of the good CLIP folder per damage; every damaged copy must be refused with its file named."""
    damages = {
        "clip-config-not-json": ("config.json", b"{\"text_config\": "),
        "clip-config-wrong-types": ("config.json", b"{\"text_config\": {\"hidden_size\": \"wide\"}, \"vision_config\": []}"),
        "clip-config-absurd": ("config.json", b"{\"text_config\": {\"hidden_size\": -4, \"num_attention_heads\": 0}}"),
        "clip-config-empty": ("config.json", b""),
        "clip-vocab-not-json": ("vocab.json", b"{\"a\": 1, "),
        "clip-vocab-wrong-types": ("vocab.json", b"{\"a\": \"one\", \"b\": [2]}"),
        "clip-vocab-array": ("vocab.json", b"[\"a\", \"b\"]"),
        "clip-vocab-binary": ("vocab.json", b"\xff\xfe\xfd" * 50),
        "clip-merges-garbage": ("merges.txt", b"#version: 0.2\nno_space_here\na b c d\n\xff\xfe \xfd\n"),
        "clip-merges-unknown": ("merges.txt", b"#version: 0.2\nzzzq qqqz\n"),
        "clip-merges-empty": ("merges.txt", b""),
        "clip-weights-truncated": ("model.safetensors", None),
    }
    for folder, (name, data) in damages.items():
        target = os.path.join(out, folder)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(good, target)
        if data is None:
            with open(os.path.join(target, name), "rb") as f:
                whole = f.read()
            data = whole[: len(whole) // 3]
        write(os.path.join(target, name), data)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--ffmpeg", default="ffmpeg")
    ap.add_argument("--clip", help="a good CLIP folder (Hugging Face layout) to copy and damage")
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    names, good, bad = make_media(args.out, args.ffmpeg, rng)
    make_manifests(args.out, names)
    make_safetensors(args.out)
    make_configs(args.out)
    if args.clip:
        make_damaged_clips(args.out, args.clip)
    print("%d media files (%d expected to fail), manifests, safetensors, configs%s written to %s"
          % (len(names), len(bad), ", damaged CLIP folders" if args.clip else "", args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
