#!/usr/bin/env python3
"""Stage-1 training step throughput in python3-torch, the counterpart of bench/train_step.cpp.

  /usr/bin/python3 train_step.py --threads 2 --batch 16 --steps 6 --seconds 5 --frames 5 \
      --channels 64,128,256,512 --dim 512 --matching random
  -> {"samples_per_s": ..., "steps_per_s": ..., "peak_rss_mb": ..., "torch": "1.13.1"}

The same step as SoundFrame's AudioTrainer: waveforms -> log-mel (torchaudio, SoundFrame's
settings) -> PANNs CNN (python/soundframe_encoder.py's CnnEncoder, dropout off) -> symmetric
InfoNCE with a learnable temperature -> global-norm clipping -> AdamW. nearest adds a no-grad
eval-mode forward and an argmax over the clip's frames; multiframe pools the CNN's time columns
per segment and contrasts B x L pairs. Random data; the first step is a warm-up.
--channels-last converts the model to channels-last (torch's documented CPU recipe); the script as
a researcher typically writes it leaves it out. `soundframe-bench train_step` runs both.
"""
import argparse
import json
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F
import torchaudio

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from soundframe_encoder import CnnEncoder  # noqa: E402  SoundFrame's CNN in plain PyTorch


def info_nce(x, y, logit_scale):
    x, y = F.normalize(x, dim=1), F.normalize(y, dim=1)
    logits = logit_scale.clamp(max=4.6052).exp() * x @ y.t()
    t = torch.arange(x.shape[0])
    return 0.5 * (F.cross_entropy(logits, t) + F.cross_entropy(logits.t(), t))


def time_columns(model, logmel):
    """The CNN's time columns [B, C, T'], in the layout the script as typically written uses (PANNs':
    [B, 1, time, mels], BatchNorm over mels by transposing): the figures in bench/README.md were
    measured with it. CnnEncoder.time_features computes the same values in another layout."""
    x = logmel.transpose(1, 2).unsqueeze(1)
    x = model.bn0(x.transpose(1, 3)).transpose(1, 3)
    for i in range(model.blocks):
        x = getattr(model, "conv_block%d" % (i + 1))(x)
    return torch.mean(x, dim=3)


def embed(model, logmel):
    cols = time_columns(model, logmel)
    return model.head(torch.max(cols, dim=2)[0] + torch.mean(cols, dim=2))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--frames", type=int, default=5)
    p.add_argument("--channels", default="64,128,256,512")
    p.add_argument("--dim", type=int, default=512)
    p.add_argument("--matching", default="random")
    p.add_argument("--channels-last", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    rate = 16000
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=rate, n_fft=512, win_length=400, hop_length=160,
                                               f_min=50.0, f_max=8000.0, n_mels=64, power=2.0)
    channels = [int(c) for c in a.channels.split(",")]
    model = CnnEncoder(64, channels, a.dim, block_dropout=0.0, head_dropout=0.0)  # off, as train_step.cpp
    model.train()
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
    logit_scale = torch.nn.Parameter(torch.tensor(2.6592))
    opt = torch.optim.AdamW([{"params": model.parameters()},
                             {"params": [logit_scale], "weight_decay": 0.0}], lr=1e-4, weight_decay=0.01)
    samples = int(a.seconds * rate)
    waves = torch.randn(a.steps, a.batch, samples) * 0.1
    frames = torch.randn(a.steps, a.batch, a.frames, a.dim)
    times = []
    for s in range(a.steps):
        start = time.perf_counter()
        logmel = torch.log(mel(waves[s]) + 1e-6)
        e = frames[s]
        if a.matching == "multiframe":
            cols = time_columns(model, logmel)
            t = cols.shape[2]
            pooled = []
            for l in range(a.frames):
                b, end = l * t // a.frames, max(l * t // a.frames + 1, (l + 1) * t // a.frames)
                seg = cols[:, :, b:end]
                pooled.append(torch.max(seg, dim=2)[0] + torch.mean(seg, dim=2))
            x = model.head(torch.stack(pooled, 1)).reshape(a.batch * a.frames, -1)
            y = e.reshape(a.batch * a.frames, -1)
        else:
            if a.matching == "nearest":
                with torch.no_grad():
                    model.eval()
                    choice = F.normalize(embed(model, logmel), dim=1)
                    model.train()
                    pick = torch.einsum("bld,bd->bl", F.normalize(e, dim=2), choice).argmax(1)
            else:
                pick = torch.randint(0, a.frames, (a.batch,))
            y = e[torch.arange(a.batch), pick]
            x = embed(model, logmel)
        loss = info_nce(x, y, logit_scale)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(model.parameters()) + [logit_scale], 1.0)
        opt.step()
        times.append(time.perf_counter() - start)
    steady = sorted(times[1:]) if len(times) > 1 else times
    median = steady[len(steady) // 2]
    print(json.dumps({"samples_per_s": a.batch / median, "steps_per_s": 1.0 / median,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
                      "torch": torch.__version__, "threads": a.threads, "matching": a.matching,
                      "channels_last": a.channels_last}))


if __name__ == "__main__":
    main()
