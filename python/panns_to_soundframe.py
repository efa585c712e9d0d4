#!/usr/bin/env python3
"""Convert a PANNs CNN10 / CNN14 checkpoint into a SoundFrame audio encoder folder.

    python3 panns_to_soundframe.py Cnn14_mAP=0.431.pth models/panns-cnn14 --accept-mel-difference
    soundframe-cli pretrain ... --init-from models/panns-cnn14

PANNs (Kong et al. 2020, github.com/qiuqiangkong/audioset_tagging_cnn) and SoundFrame's CNN have the
same layers: bn0 over the mel bins, conv_block1..N (two 3x3 convolutions with BatchNorm and ReLU,
2x2 average pooling; CNN14's sixth block pools 1x1), mean over frequency, max + mean over time,
fc1 + ReLU. The converter copies them (bn0, conv_block*, fc1), drops fc_audioset (the 527
AudioSet classes) and adds SoundFrame's projection into CLIP's space (embed_dim x C, no bias),
Xavier-uniform with --seed: stage 1 trains it. Keys may carry DataParallel's "module." prefix;
a file holding {"model": state_dict, ...} (as PANNs publishes) or a bare state dict both work.

The front end, where PANNs and SoundFrame differ, and what the converter does about it:
  - sample rate 32 kHz, window = FFT 1024, hop 320, 64 mels, 50-14000 Hz (PANNs' defaults; the
    16 kHz models use 16000 / 512 / 160 / 8000 Hz): written into config.json's log_mel. n_fft and
    n_mels are read from the checkpoint's spectrogram_extractor / logmel_extractor buffers; the
    rate, hop and band edges are not stored there, so --sample-rate, --hop, --fmin, --fmax give
    them (defaults as above). A SoundFrame cache must then be prepared at that rate (train refuses
    a cache at another rate, naming both).
  - log scale: PANNs takes 10 log10(max(mel, 1e-10)) (dB), SoundFrame ln(mel + log_offset). The
    factor 10 / ln 10 is folded exactly into bn0 (running mean / k, running variance / k^2, weight
    rescaled), and log_offset is set to 1e-10: the two agree wherever mel >> 1e-10.
  - mel filters: PANNs uses librosa's Slaney-scale, area-normalised triangles
    (logmel_extractor.melW); SoundFrame computes HTK-scale, unnormalised ones. No config option
    expresses Slaney filters, so the converted encoder sees slightly different features than PANNs
    was trained on (centre frequencies shift by up to a few percent; per-band gains differ). Fine
    as a starting point for stage 1, which adapts bn0 and the convolutions, but not a faithful
    PANNs. The converter therefore stops with an error explaining this unless
    --accept-mel-difference is given.
Anything else in the state dict (an attention head, single-conv "Cnn6" blocks, 5x5 kernels) is
an error naming the key.

Requires python3 and torch only; writes model.safetensors and config.json via soundframe_encoder.
"""
import argparse
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import soundframe_encoder as sf  # noqa: E402

DB_PER_NEPER = 10.0 / math.log(10.0)  # 10 log10(x) = k ln(x)
IGNORED_PREFIXES = ("spectrogram_extractor.", "logmel_extractor.", "fc_audioset.")


class ConversionError(Exception):
    pass


def load_state_dict(path):
    obj = torch.load(path, map_location="cpu")
    state = obj.get("model", obj) if isinstance(obj, dict) else None
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise ConversionError("%s: expected a state dict or {'model': state_dict}" % path)
    return {k[len("module."):] if k.startswith("module.") else k: v for k, v in state.items()}


def channels_of(state, path):
    channels, i = [], 1
    while "conv_block%d.conv1.weight" % i in state:
        for conv in ("conv1", "conv2"):
            key = "conv_block%d.%s.weight" % (i, conv)
            if key not in state:
                raise ConversionError("%s: no '%s' (single-convolution blocks, as PANNs' Cnn6, are not "
                                      "SoundFrame's CNN)" % (path, key))
            if tuple(state[key].shape[2:]) != (3, 3):
                raise ConversionError("%s: '%s' has %s kernels; SoundFrame's CNN uses 3x3"
                                      % (path, key, list(state[key].shape[2:])))
        channels.append(state["conv_block%d.conv1.weight" % i].shape[0])
        i += 1
    if not channels:
        raise ConversionError("%s: no conv_block1.conv1.weight: not a PANNs CNN state dict" % path)
    return channels


def fold_db_into_bn0(state, eps=1e-5):
    """bn0 over k*y (PANNs' dB) == the returned bn0 over y (SoundFrame's natural log), exactly."""
    k = DB_PER_NEPER
    mean, var = state["bn0.running_mean"].double(), state["bn0.running_var"].double()
    new_var = var / k ** 2
    weight = state["bn0.weight"].double() * k * torch.sqrt(new_var + eps) / torch.sqrt(var + eps)
    out = dict(state)
    out["bn0.running_mean"] = (mean / k).float()
    out["bn0.running_var"] = new_var.float()
    out["bn0.weight"] = weight.float()
    return out


def front_end(state, args):
    """config.json's log_mel, and the reason the mel filters differ (None when they match)."""
    n_fft = args.n_fft
    if "spectrogram_extractor.stft.conv_real.weight" in state:
        n_fft = state["spectrogram_extractor.stft.conv_real.weight"].shape[-1]
    n_mels = state["bn0.weight"].shape[0]
    log_mel = {"sample_rate": args.sample_rate, "n_fft": n_fft, "win_length": n_fft, "hop_length": args.hop,
               "n_mels": n_mels, "f_min": args.fmin, "f_max": args.fmax, "log_offset": 1e-10}
    ours = sf.LogMel.htk_filterbank(log_mel)
    theirs = state.get("logmel_extractor.melW")
    if theirs is not None and tuple(theirs.shape) != tuple(ours.shape):
        raise ConversionError("logmel_extractor.melW is %s but bn0 and the FFT size give %s"
                              % (list(theirs.shape), list(ours.shape)))
    if theirs is None or torch.allclose(theirs.float(), ours, atol=1e-6):
        return log_mel, None
    return log_mel, ("PANNs' mel filters (logmel_extractor.melW: librosa's Slaney scale, area-normalised) "
                     "differ from SoundFrame's (HTK scale, unnormalised; up to %.3g apart), and no SoundFrame "
                     "config expresses them: the converted encoder will see different features than PANNs "
                     "was trained on. Stage 1 adapts to them; pass --accept-mel-difference to convert anyway"
                     % (theirs.float() - ours).abs().max().item())


def convert(args):
    state = load_state_dict(args.checkpoint)
    for key in state:
        known = key.startswith(IGNORED_PREFIXES) or key.startswith(("bn0.", "fc1.")) or (
            key.startswith("conv_block") and key.split(".")[1] in ("conv1", "conv2", "bn1", "bn2"))
        if not known:
            raise ConversionError("%s: unexpected key '%s' (not a PANNs CNN10 / CNN14 layer)" % (args.checkpoint, key))
    channels = channels_of(state, args.checkpoint)
    log_mel, mel_difference = front_end(state, args)
    if mel_difference and not args.accept_mel_difference:
        raise ConversionError(mel_difference)
    if mel_difference:
        print("note: " + mel_difference.split(". Stage 1")[0], file=sys.stderr)

    config = {"architecture": "cnn", "embed_dim": args.embed_dim, "clip_seconds": args.clip_seconds,
              "log_mel": log_mel, "cnn": {"variant": "cnn14" if len(channels) == 6 else "cnn10",
                                          "channels": channels}}
    torch.manual_seed(args.seed)
    model = sf.AudioEncoder(config)
    mine = fold_db_into_bn0(state)
    target = model.state_dict()
    for key in list(target):
        if not key.startswith("cnn.") or key == "cnn.projection.weight":
            continue
        source = key[len("cnn."):]
        if source not in mine:
            raise ConversionError("%s: missing '%s'" % (args.checkpoint, source))
        if tuple(mine[source].shape) != tuple(target[key].shape):
            raise ConversionError("%s: '%s' has shape %s, expected %s" % (args.checkpoint, source,
                                                                          list(mine[source].shape),
                                                                          list(target[key].shape)))
        target[key] = mine[source].to(target[key].dtype)
    model.load_state_dict(target, strict=True)
    sf.save_encoder(model, args.out)
    return channels


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", help="PANNs .pth (torch.save of {'model': state_dict} or a state dict)")
    p.add_argument("out", help="SoundFrame audio encoder folder to write (config.json, model.safetensors)")
    p.add_argument("--embed-dim", type=int, default=512, help="CLIP joint-space size (ViT-B/32: 512)")
    p.add_argument("--clip-seconds", type=float, default=10.0, help="training clip length")
    p.add_argument("--sample-rate", type=int, default=32000, help="PANNs' rate (16 kHz models: 16000)")
    p.add_argument("--hop", type=int, default=320, help="hop in samples (16 kHz models: 160)")
    p.add_argument("--n-fft", type=int, default=1024, help="used when the checkpoint lacks spectrogram_extractor")
    p.add_argument("--fmin", type=float, default=50.0)
    p.add_argument("--fmax", type=float, default=14000.0, help="16 kHz models: 8000")
    p.add_argument("--seed", type=int, default=0, help="seed of the new projection's initialisation")
    p.add_argument("--accept-mel-difference", action="store_true",
                   help="convert although PANNs' Slaney mel filters differ from SoundFrame's HTK ones")
    args = p.parse_args(argv)
    try:
        channels = convert(args)
    except (ConversionError, ValueError, OSError) as e:
        print("panns_to_soundframe: %s" % e, file=sys.stderr)
        return 1
    print("wrote %s: CNN with channels %s, %d Hz log-mel, projection to %d" % (args.out, channels, args.sample_rate,
                                                                                args.embed_dim))
    return 0


if __name__ == "__main__":
    sys.exit(main())
