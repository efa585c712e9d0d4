#!/usr/bin/python3
"""Seed corpora for the fuzz targets, from the bad-input corpus plus small good inputs.

  fuzz/make_seed_corpus.py BAD_INPUTS_DIR OUT      # BAD_INPUTS_DIR from tests/scripts/make_bad_inputs.py
Writes OUT/<target>/<n> files, each prefixed with the mode byte the target reads first.
"""
import os
import sys


def main():
    bad, out = sys.argv[1], sys.argv[2]
    seeds = {t: [] for t in ["fuzz_csv_reader", "fuzz_manifest", "fuzz_safetensors", "fuzz_tokenizer",
                             "fuzz_config", "fuzz_media_probe"]}
    read = lambda p: open(p, "rb").read()
    manifests = os.path.join(bad, "manifests")
    good_jsonl = b'{"id":"a","path":"a.wav","start":0,"end":2,"captions":["a dog barks"],"labels":["dog"],' \
                 b'"split":"train","events":[{"label":"dog","start":0.5,"end":1,"visible_frames":[1]}]}\n'
    good_audiocaps = b"audiocap_id,youtube_id,start_time,caption\n1,abc,30,\"a dog, barking\"\n"
    good_clotho = b"file_name,caption_1,caption_2,caption_3,caption_4,caption_5\na.wav,one,two,three,four,five\n"
    good_audioset = b"# Segments csv\n# num_ytids=1\n# YTID, start_seconds, end_seconds, positive_labels\n" \
                    b"abc, 30.000, 40.000, \"/m/0bt9lr,/m/05tny_\"\n"
    for name in sorted(os.listdir(manifests)):
        data = read(os.path.join(manifests, name))
        seeds["fuzz_manifest"] += [bytes([0]) + data, bytes([1]) + data]
        seeds["fuzz_csv_reader"] += [bytes([1]) + data, bytes([0x0B]) + data]
    for mode, text in [(1, good_jsonl), (0, good_audiocaps), (0x08, good_audiocaps), (0, good_clotho),
                       (0x0C, good_clotho), (0, good_audioset), (0x10, good_audioset)]:
        seeds["fuzz_manifest"].append(bytes([mode]) + text)
        seeds["fuzz_csv_reader"].append(bytes([mode | 1]) + text)
    st = os.path.join(bad, "safetensors")
    for name in sorted(os.listdir(st)):
        seeds["fuzz_safetensors"].append(read(os.path.join(st, name)))
    header = b'{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' \
             b'"b":{"dtype":"BF16","shape":[1,2],"data_offsets":[8,12]}}'
    seeds["fuzz_safetensors"].append(len(header).to_bytes(8, "little") + header + b"\0\0\x80\x3f" * 3)
    for text in ["the dog", "a photo of a cat and a dog", "Émile's café — 日本語 🎵", "\xff\xfe", "   ", "<|endoftext|>"]:
        seeds["fuzz_tokenizer"].append(b"\x00" + text.encode("utf-8", "surrogateescape"))
    seeds["fuzz_tokenizer"].append(b"\x01" + b'{"a":0,"b":1,"ab</w>":2,"<|startoftext|>":3,"<|endoftext|>":4}\0#version: 0.2\na b</w>\n')
    configs = os.path.join(bad, "configs")
    good_configs = [b'{"epochs": 2, "batch": 8, "matching": "nearest", "lr": 0.001}',
                    b'{"text_config": {"hidden_size": 32, "num_attention_heads": 2}, "vision_config": {"patch_size": 8}}',
                    b'{"encoder": "cnn", "embed_dim": 64, "clip_seconds": 2.0}']
    for name in sorted(os.listdir(configs)):
        data = read(os.path.join(configs, name))
        seeds["fuzz_config"] += [bytes([m]) + data for m in range(3)]
    for data in good_configs:
        seeds["fuzz_config"] += [bytes([m]) + data for m in range(3)]
    media = os.fsencode(os.path.join(bad, "media"))
    extensions = [b".wav", b".mp4", b".flac", b".ogg", b".mkv", b".mp3", b".bin", b".png"]
    for name in sorted(os.listdir(media)):
        data = read(os.path.join(media, name))
        if len(data) > 200000:
            continue
        ext = os.path.splitext(name)[1]
        mode = extensions.index(ext) if ext in extensions else 6
        seeds["fuzz_media_probe"].append(bytes([mode]) + data)
    for target, items in seeds.items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for i, data in enumerate(items):
            with open(os.path.join(d, "seed-%03d" % i), "wb") as f:
                f.write(data)
        print(target, len(items), "seeds")


if __name__ == "__main__":
    main()
