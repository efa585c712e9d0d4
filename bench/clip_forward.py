#!/usr/bin/env python3
"""CLIP ViT-B/32 forward throughput in python3-torch, the counterpart of bench/clip_forward.cpp.

  /usr/bin/python3 clip_forward.py --threads 2 --image-batch 8 --text-batch 32 --repeats 3
  -> {"images_per_s": ..., "texts_per_s": ..., "torch": "1.13.1", "threads": 2}

Same architecture and the same arithmetic as SoundFrame's ClipModel (pre-norm blocks, quick_gelu,
attention as matmul + softmax, causal text mask, class-token / first-eot pooling, projections),
float32, random weights, no autograd.
"""
import argparse
import json
import time

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, d, heads, inner):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=1e-5), nn.LayerNorm(d, eps=1e-5)
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.fc1, self.fc2 = nn.Linear(d, inner), nn.Linear(inner, d)

    def forward(self, x, mask=None):
        n, t, d = x.shape
        hd = d // self.heads
        h = self.ln1(x)
        split = lambda y: y.view(n, t, self.heads, hd).transpose(1, 2)
        q, k, v = split(self.q(h) * hd ** -0.5), split(self.k(h)), split(self.v(h))
        logits = q @ k.transpose(-2, -1)
        if mask is not None:
            logits = logits + mask
        x = x + self.o((torch.softmax(logits, -1) @ v).transpose(1, 2).reshape(n, t, d))
        h = self.fc1(self.ln2(x))
        return x + self.fc2(h * torch.sigmoid(1.702 * h))


class Clip(nn.Module):
    def __init__(self):
        super().__init__()
        dv, dt, proj = 768, 512, 512
        self.patch = nn.Conv2d(3, dv, 32, 32, bias=False)
        self.cls = nn.Parameter(torch.randn(dv))
        self.vpos = nn.Parameter(torch.randn(50, dv) * 0.02)
        self.pre, self.post = nn.LayerNorm(dv), nn.LayerNorm(dv)
        self.vblocks = nn.ModuleList(Block(dv, 12, 3072) for _ in range(12))
        self.vproj = nn.Linear(dv, proj, bias=False)
        self.tok = nn.Embedding(49408, dt)
        self.tpos = nn.Parameter(torch.randn(77, dt) * 0.01)
        self.tblocks = nn.ModuleList(Block(dt, 8, 2048) for _ in range(12))
        self.final = nn.LayerNorm(dt)
        self.tproj = nn.Linear(dt, proj, bias=False)

    def image(self, pixels):
        x = self.patch(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.view(1, 1, -1).expand(x.shape[0], 1, -1), x], 1) + self.vpos
        x = self.pre(x)
        for b in self.vblocks:
            x = b(x)
        return self.vproj(self.post(x[:, 0]))

    def text(self, ids, eot):
        t = ids.shape[1]
        x = self.tok(ids) + self.tpos[:t]
        mask = torch.full((t, t), float("-inf")).triu(1)
        for b in self.tblocks:
            x = b(x, mask)
        x = self.final(x)
        pos = (ids == eot).int().argmax(-1)
        return self.tproj(x[torch.arange(ids.shape[0]), pos])


def rate(fn, items, repeats):
    fn()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return items / best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--image-batch", type=int, default=8)
    ap.add_argument("--text-batch", type=int, default=32)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Clip().eval()
    pixels = torch.randn(a.image_batch, 3, 224, 224)
    ids = torch.randint(0, 49406, (a.text_batch, 77))
    ids[:, 0], ids[:, 20:] = 49406, 49407
    with torch.no_grad():
        images = rate(lambda: model.image(pixels), a.image_batch, a.repeats)
        texts = rate(lambda: model.text(ids, 49407), a.text_batch, a.repeats)
    print(json.dumps({"images_per_s": images, "texts_per_s": texts, "torch": torch.__version__,
                      "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
