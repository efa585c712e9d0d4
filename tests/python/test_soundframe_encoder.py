#!/usr/bin/env python3
"""python/soundframe_encoder.py against the C++ encoder: random encoders of each architecture are
written by the module (save_encoder; the C++ loader checks every name and shape), a few WAVs are
generated (float32 and 16-bit PCM; shorter and longer than the clip), `soundframe-cli embed`
embeds them, and the module's embeddings (API and command line) must agree within 1e-5.

  test_soundframe_encoder.py SOUNDFRAME_CLI
"""
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import wave

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import soundframe_encoder as sf  # noqa: E402

TOLERANCE = 1e-5
RATE = 16000

CONFIGS = {
    "cnn": {"architecture": "cnn", "embed_dim": 24, "clip_seconds": 1.0,
            "log_mel": {"n_mels": 32}, "cnn": {"channels": [8, 16, 16]}},
    "cnn14-layout": {"architecture": "cnn", "embed_dim": 16, "clip_seconds": 1.0,
                     "log_mel": {"n_mels": 64, "n_fft": 400, "win_length": 400, "hop_length": 100,
                                 "f_min": 0.0, "f_max": 7600.0, "log_offset": 1e-10},
                     "cnn": {"channels": [4, 8, 8, 8, 8, 8]}},
    "transformer-cls": {"architecture": "transformer", "embed_dim": 24, "clip_seconds": 1.0,
                        "log_mel": {"n_mels": 32},
                        "transformer": {"patch_mel": 8, "patch_time": 8, "stride_mel": 8, "stride_time": 6,
                                        "hidden_size": 32, "layers": 2, "heads": 4, "mlp_size": 64,
                                        "max_time_patches": 20}},
    "transformer-mean-gelu": {"architecture": "transformer", "embed_dim": 8, "clip_seconds": 1.0,
                              "log_mel": {"n_mels": 32},
                              "transformer": {"patch_mel": 16, "patch_time": 10, "stride_mel": 16,
                                              "stride_time": 10, "hidden_size": 16, "layers": 1, "heads": 2,
                                              "mlp_size": 32, "max_time_patches": 11, "activation": "gelu",
                                              "pooling": "mean", "layer_norm_eps": 1e-6}},
}


def random_encoder(config, seed):
    torch.manual_seed(seed)
    model = sf.AudioEncoder(config)
    with torch.no_grad():
        for name, buf in model.named_buffers():
            if name.endswith("running_mean"):
                buf.copy_(torch.randn_like(buf) * 2)
            elif name.endswith("running_var"):
                buf.copy_(torch.rand_like(buf) * 3 + 0.5)
        for name, p in model.named_parameters():
            if name.endswith("bn0.weight") or ".bn" in name:
                p.copy_(torch.rand_like(p) + 0.5)
            elif ".bias" in name or name.endswith("bias"):
                p.copy_(torch.randn_like(p) * 0.1)
    return model.eval()


def write_float_wav(path, samples, rate):
    raw = samples.to(torch.float32).numpy().tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(raw)) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt)
        f.write(b"data" + struct.pack("<I", len(raw)) + raw)


def write_pcm16_wav(path, samples, rate):
    ints = (samples * 32767).round().clamp(-32768, 32767).to(torch.int16)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(ints.numpy().tobytes())


def make_wavs(folder):
    g = torch.Generator().manual_seed(3)
    t = lambda seconds: torch.arange(int(seconds * RATE)) / RATE
    specs = [("tone-noise.wav", write_float_wav,
              0.3 * torch.sin(2 * math.pi * 440 * t(1.0)) + 0.05 * torch.randn(RATE, generator=g)),
             ("short-chirp.wav", write_pcm16_wav,           # padded to the clip
              0.5 * torch.sin(2 * math.pi * (200 + 1500 * t(0.6)) * t(0.6))),
             ("long-noise.wav", write_pcm16_wav,            # cut to the clip
              0.2 * torch.randn(int(1.7 * RATE), generator=g).clamp(-4, 4) / 4),
             ("clicks.wav", write_float_wav,
              (torch.rand(RATE, generator=g) > 0.995).float() * 0.8)]
    paths = []
    for name, writer, samples in specs:
        path = os.path.join(folder, name)
        writer(path, samples, RATE)
        paths.append(path)
    with open(os.path.join(folder, "list.txt"), "w") as f:
        f.write("\n".join(os.path.basename(p) for p in paths) + "\n")
    return paths


def cpp_embeddings(cli, encoder_dir, folder, out):
    r = subprocess.run([cli, "embed", "--model", encoder_dir, "--audio", os.path.join(folder, "list.txt"),
                        "--out", out, "--threads", "1"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("soundframe-cli embed failed (%d): %s" % (r.returncode, r.stderr))
    return sf.read_safetensors(out)["embeddings"]


def finish(failures, success):
    """The exit code of a script test: 1 after listing the failures, else 0 after `success`."""
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print(success)
    return 0


def main():
    cli = sys.argv[1]
    torch.set_num_threads(1)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        wavs = make_wavs(tmp)
        for i, (name, config) in enumerate(CONFIGS.items()):
            folder = os.path.join(tmp, name)
            sf.save_encoder(random_encoder(config, 10 + i), folder)
            expected = cpp_embeddings(cli, folder, tmp, os.path.join(tmp, name + "-cpp.safetensors"))
            model = sf.load_encoder(folder)
            waves = []
            for path in wavs:
                w, rate = sf.read_wav(path)
                assert rate == model.sample_rate
                waves.append(w)
            got = model.embed(waves)
            diff = (got - expected).abs().max().item()
            scale = expected.abs().max().item()
            print("%-22s %s  max |python - C++| = %.2e  (max |embedding| %.3f)"
                  % (name, list(expected.shape), diff, scale))
            if got.shape != expected.shape or not diff <= TOLERANCE:
                failures.append("%s: differs by %.3e" % (name, diff))

            if i == 0:  # the command line gives the same file content
                out = os.path.join(tmp, "py.safetensors")
                r = subprocess.run([sys.executable, sf.__file__, folder, out] + wavs, capture_output=True, text=True)
                if r.returncode != 0:
                    failures.append("command line failed: " + r.stderr)
                else:
                    cli_diff = (sf.read_safetensors(out)["embeddings"] - expected).abs().max().item()
                    print("%-22s command line: max |python - C++| = %.2e" % (name, cli_diff))
                    if not cli_diff <= TOLERANCE:
                        failures.append("command line differs by %.3e" % cli_diff)

        # A folder whose weights do not match its config is refused with the file and tensor named.
        folder = os.path.join(tmp, "cnn")
        config = json.load(open(os.path.join(folder, "config.json")))
        config["cnn"]["channels"] = [8, 16, 32]
        json.dump(config, open(os.path.join(folder, "config.json"), "w"))
        try:
            sf.load_encoder(folder)
            failures.append("a mismatched folder loaded")
        except ValueError as e:
            if "model.safetensors" not in str(e) or "conv_block3" not in str(e):
                failures.append("unclear error: %s" % e)
    return finish(failures, "all embeddings agree within %g" % TOLERANCE)


if __name__ == "__main__":
    sys.exit(main())
