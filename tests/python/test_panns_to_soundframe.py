#!/usr/bin/env python3
"""python/panns_to_soundframe.py: a random state dict in PANNs' key layout (CNN10 channels
64-128-256-512, with the spectrogram / log-mel extractor buffers and the fc_audioset head) is
converted; the folder must load in C++ (`soundframe-cli embed`) and give, on generated 32 kHz WAVs,
the embeddings of a plain-torch PANNs forward written here (dB log-mel -> bn0 -> blocks ->
mean + max -> fc1 -> the converter's projection) within 1e-4. Also: without
--accept-mel-difference the Slaney filters are a clear error; other layouts are refused by key.

  test_panns_to_soundframe.py SOUNDFRAME_CLI
"""
import math
import os
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
import soundframe_encoder as sf  # noqa: E402
from test_soundframe_encoder import finish, write_float_wav  # noqa: E402

CONVERTER = os.path.join(HERE, "..", "..", "python", "panns_to_soundframe.py")
TOLERANCE = 1e-4
RATE, N_FFT, HOP, MELS, FMIN, FMAX = 32000, 1024, 320, 64, 50.0, 14000.0
CHANNELS = [64, 128, 256, 512]


def slaney_like_filters():
    """Stands in for librosa's melW: any filterbank other than SoundFrame's HTK one."""
    g = torch.Generator().manual_seed(4)
    return torch.rand(N_FFT // 2 + 1, MELS, generator=g) * 0.01


def panns_state_dict():
    g = torch.Generator().manual_seed(1)
    r = lambda *shape, s=1.0: torch.randn(*shape, generator=g) * s
    bn = lambda c, prefix: {prefix + ".weight": torch.rand(c, generator=g) + 0.5, prefix + ".bias": r(c, s=0.1),
                            prefix + ".running_mean": r(c), prefix + ".running_var": torch.rand(c, generator=g) + 0.5,
                            prefix + ".num_batches_tracked": torch.tensor(1000)}
    st = {"spectrogram_extractor.stft.conv_real.weight": r(N_FFT // 2 + 1, 1, N_FFT),
          "spectrogram_extractor.stft.conv_imag.weight": r(N_FFT // 2 + 1, 1, N_FFT),
          "logmel_extractor.melW": slaney_like_filters()}
    # bn0 as PANNs' trained one sees dB features: means around -40, variances in the hundreds.
    st.update(bn(MELS, "bn0"))
    st["bn0.running_mean"] = -40 + 10 * r(MELS)
    st["bn0.running_var"] = 100 + 300 * torch.rand(MELS, generator=g)
    cin = 1
    for i, c in enumerate(CHANNELS):
        pre = "conv_block%d." % (i + 1)
        st[pre + "conv1.weight"] = r(c, cin, 3, 3, s=math.sqrt(2.0 / (9 * cin)))
        st[pre + "conv2.weight"] = r(c, c, 3, 3, s=math.sqrt(2.0 / (9 * c)))
        st.update(bn(c, pre + "bn1"))
        st.update(bn(c, pre + "bn2"))
        cin = c
    st["fc1.weight"], st["fc1.bias"] = r(cin, cin, s=1 / math.sqrt(cin)), r(cin, s=0.1)
    st["fc_audioset.weight"], st["fc_audioset.bias"] = r(527, cin, s=0.05), r(527, s=0.1)
    return {"module." + k: v for k, v in st.items()}   # as saved from DataParallel


def panns_forward(st, logmel_db, projection):
    """PANNs' Cnn10 forward (eval) from its dB log-mel [B, mels, frames] to fc1's embedding,
    then SoundFrame's projection."""
    bn = lambda x, p: F.batch_norm(x, st[p + ".running_mean"], st[p + ".running_var"], st[p + ".weight"],
                                   st[p + ".bias"], False, 0.0, 1e-5)
    x = logmel_db.transpose(1, 2).unsqueeze(1)                 # [B, 1, time, mels]
    x = bn(x.transpose(1, 3), "bn0").transpose(1, 3)
    for i in range(len(CHANNELS)):
        p = "conv_block%d." % (i + 1)
        x = F.relu(bn(F.conv2d(x, st[p + "conv1.weight"], padding=1), p + "bn1"))
        x = F.relu(bn(F.conv2d(x, st[p + "conv2.weight"], padding=1), p + "bn2"))
        x = F.avg_pool2d(x, 2)
    x = x.mean(3)
    x = x.max(2)[0] + x.mean(2)
    return F.linear(F.relu(F.linear(x, st["fc1.weight"], st["fc1.bias"])), projection)


def main():
    cli = sys.argv[1]
    torch.set_num_threads(1)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        panns = {k[len("module."):]: v for k, v in panns_state_dict().items()}
        checkpoint = os.path.join(tmp, "Cnn10.pth")
        torch.save({"model": {"module." + k: v for k, v in panns.items()}, "iteration": 0}, checkpoint)
        out = os.path.join(tmp, "panns-cnn10")
        run = lambda *extra: subprocess.run([sys.executable, CONVERTER, checkpoint, out, "--clip-seconds", "2",
                                             "--embed-dim", "32"] + list(extra), capture_output=True, text=True)

        r = run()
        if r.returncode == 0 or "Slaney" not in r.stderr or "--accept-mel-difference" not in r.stderr:
            failures.append("the mel filter difference was not a clear error: %d %s" % (r.returncode, r.stderr))
        r = run("--accept-mel-difference")
        if r.returncode != 0:
            raise SystemExit("converter failed: " + r.stderr)
        print(r.stdout.strip())

        # Generated 32 kHz clips: noise, a tone, and a short one (padded to the 2 s clip).
        g = torch.Generator().manual_seed(2)
        t = torch.arange(2 * RATE) / RATE
        clips = {"noise.wav": 0.1 * torch.randn(2 * RATE, generator=g),
                 "tone.wav": 0.4 * torch.sin(2 * math.pi * 1000 * t) + 0.01 * torch.randn(2 * RATE, generator=g),
                 "short.wav": 0.3 * torch.randn(RATE // 2, generator=g)}
        for name, samples in clips.items():
            write_float_wav(os.path.join(tmp, name), samples, RATE)
        with open(os.path.join(tmp, "list.txt"), "w") as f:
            f.write("\n".join(clips) + "\n")
        r = subprocess.run([cli, "embed", "--model", out, "--audio", os.path.join(tmp, "list.txt"),
                            "--out", os.path.join(tmp, "cpp.safetensors"), "--threads", "1"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit("soundframe-cli embed failed: " + r.stderr)
        cpp = sf.read_safetensors(os.path.join(tmp, "cpp.safetensors"))["embeddings"]

        # The reference: PANNs' dB log-mel over the same (HTK) filters, PANNs' layers, the new projection.
        converted = sf.read_safetensors(os.path.join(out, "model.safetensors"))
        model = sf.load_encoder(out)
        waves = model.waveforms(list(clips.values()))
        front = sf.LogMel(model.config["log_mel"])
        power = torch.exp(front(waves.double())) - 1e-10           # the mel power SoundFrame logs
        logmel_db = 10 * torch.log10(torch.clamp(power, min=1e-10))
        with torch.no_grad():
            expected = panns_forward({k: v.double() if v.is_floating_point() else v for k, v in panns.items()},
                                     logmel_db, converted["cnn.projection.weight"].double())
        diff = (cpp.double() - expected).abs().max().item()
        print("panns-cnn10 %s  max |C++ - PANNs forward| = %.2e  (max |embedding| %.3f)"
              % (list(cpp.shape), diff, expected.abs().max().item()))
        if not diff <= TOLERANCE:
            failures.append("C++ differs from the PANNs forward by %.3e" % diff)
        py_diff = (model.embed(list(clips.values())).double() - expected).abs().max().item()
        print("panns-cnn10 max |python - PANNs forward| = %.2e" % py_diff)
        if not py_diff <= TOLERANCE:
            failures.append("python differs from the PANNs forward by %.3e" % py_diff)

        # Other layouts are refused, naming the key.
        bad = dict(panns)
        bad["att_block.att.weight"] = torch.zeros(1)
        torch.save(bad, checkpoint)
        r = run("--accept-mel-difference")
        if r.returncode == 0 or "att_block.att.weight" not in r.stderr:
            failures.append("an attention head was not refused by name: " + r.stderr)
    return finish(failures, "converted PANNs CNN10 agrees within %g" % TOLERANCE)


if __name__ == "__main__":
    sys.exit(main())
