#!/usr/bin/env python3
"""How far can anything that pivots through the demo's stand-in image tower get? (docs/demo-study.md)

    python3 bench/pivot_ceiling.py DEMO_OUT/cache/val DEMO_OUT/standin-clip [--cli build/app/soundframe-cli]

Reads a prepared demo cache (frame embeddings and each clip's ground-truth events) and prints:
- frame recognition: on frames showing exactly one source, is its class name (through the stand-in's
  text tower) the nearest of the visible class names? And nearest class centroid of the frames;
- an oracle audio embedding (the normalised mean of the text embeddings of the clip's class names:
  what a perfect tagger mapped through the text tower would give) retrieved against each clip's middle
  frame, its frames' mean and its best frame, and against its captions; then the same against a
  perfect image tower (a frame showing class k embeds as class k's text; other frames as one vector).
Median rank (1 is best) and R@10 in percent. Needs python3-torch only; text goes through
`soundframe-cli embed`.
"""
import argparse
import glob
import json
import struct
import subprocess
import tempfile

import torch

F = torch.nn.functional


def tensors(path):
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()

    def get(name):
        meta = header[name]
        a, b = meta['data_offsets']
        return torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(meta['shape'])
    return header, get


def read_cache(folder):
    clips = []
    for shard in sorted(glob.glob(folder + '/shard-*.safetensors')):
        header, get = tensors(shard)
        for i, clip in enumerate(json.loads(header['__metadata__']['clips'])):
            clips.append((clip, get(f'{i}.frame_embeddings')))
    return clips


def embed(cli, clip_dir, texts):
    with tempfile.TemporaryDirectory() as d:
        with open(d + '/texts.txt', 'w') as f:
            f.write('\n'.join(texts) + '\n')
        subprocess.run([cli, 'embed', '--clip', clip_dir, '--texts', d + '/texts.txt', '--out', d + '/e.safetensors'],
                       check=True, capture_output=True)
        return F.normalize(tensors(d + '/e.safetensors')[1]('embeddings'), dim=1)


def ranks(sim, relevant):
    out = []
    for q in range(sim.shape[0]):
        order = sim[q].argsort(descending=True).tolist()
        out.append(min(order.index(r) for r in relevant[q]) + 1)
    t = torch.tensor(out, dtype=torch.float)
    return f'median rank {t.median().item():.1f}, R@10 {100 * (t <= 10).float().mean().item():.1f}%'


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('cache')
    p.add_argument('clip_dir')
    p.add_argument('--cli', default='build/app/soundframe-cli')
    a = p.parse_args()
    clips = read_cache(a.cache)
    n = len(clips)
    own = [{i} for i in range(n)]

    frames, frame_labels = [], []
    for clip, e in clips:
        shown = {}
        for ev in clip.get('events', []):
            for l in ev.get('visible_frames', []):
                shown.setdefault(l, set()).add(ev['label'])
        for l, labels in shown.items():
            if len(labels) == 1 and l < e.shape[0]:
                frames.append(e[l])
                frame_labels.append(next(iter(labels)))
    seen = sorted(set(frame_labels))
    unit = F.normalize(torch.stack(frames), dim=1)
    index = torch.tensor([seen.index(l) for l in frame_labels])
    names = embed(a.cli, a.clip_dir, seen)
    centroids = F.normalize(torch.stack([unit[index == k].mean(0) for k in range(len(seen))]), dim=1)
    print(f'{n} clips; {len(frames)} frames show one source, {len(seen)} classes (chance {100 / len(seen):.1f}%)')
    print(f'  frame -> class name (text tower): {100 * ((unit @ names.t()).argmax(1) == index).float().mean():.1f}%')
    print(f'  frame -> nearest class centroid:  {100 * ((unit @ centroids.t()).argmax(1) == index).float().mean():.1f}%')

    classes = sorted({l for clip, _ in clips for l in clip['labels']})
    text = embed(a.cli, a.clip_dir, classes)
    oracle = F.normalize(torch.stack([text[[classes.index(l) for l in clip['labels']]].mean(0) for clip, _ in clips]), dim=1)
    middle = F.normalize(torch.stack([e[e.shape[0] // 2] for _, e in clips]), dim=1)
    mean = F.normalize(torch.stack([F.normalize(e, dim=1).mean(0) for _, e in clips]), dim=1)
    best = torch.stack([(oracle @ F.normalize(e, dim=1).t()).max(1).values for _, e in clips], 1)
    print('oracle audio -> image')
    print('  middle frame:  ' + ranks(oracle @ middle.t(), own))
    print('  frames\' mean:  ' + ranks(oracle @ mean.t(), own))
    print('  best frame:    ' + ranks(best, own))
    captions, owner = [], []
    for i, (clip, _) in enumerate(clips):
        captions += clip['captions']
        owner += [{i}] * len(clip['captions'])
    print('oracle text -> audio: ' + ranks(embed(a.cli, a.clip_dir, captions) @ oracle.t(), owner))

    empty = F.normalize(torch.randn(text.shape[1], generator=torch.Generator().manual_seed(1)), dim=0)
    perfect = []
    for clip, e in clips:
        rows = []
        for l in range(e.shape[0]):
            shown = [ev['label'] for ev in clip['events'] if l in ev.get('visible_frames', [])]
            rows.append(text[[classes.index(s) for s in shown]].mean(0) if shown else empty)
        perfect.append(F.normalize(torch.stack(rows), dim=1))
    print('oracle audio -> a perfect image tower')
    print('  frames\' mean:  ' + ranks(oracle @ F.normalize(torch.stack([q.mean(0) for q in perfect]), dim=1).t(), own))
    print('  best frame:    ' + ranks(torch.stack([(oracle @ q.t()).max(1).values for q in perfect], 1), own))


if __name__ == '__main__':
    main()
