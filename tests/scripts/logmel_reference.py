#!/usr/bin/env python3
"""Reference log-mel spectrograms with torchaudio, for tests of soundframe's LogMelSpectrogram.

  logmel_reference.py RATE N_FFT WIN HOP N_MELS F_MIN F_MAX LOG_OFFSET FBANK.f32 IN1.f32 OUT1.f32 [IN2 OUT2 ...]

Each IN holds a mono waveform as raw little-endian float32; its OUT receives
torch.log(torchaudio.transforms.MelSpectrogram(...)(wave) + LOG_OFFSET), [n_mels, frames],
as raw float32. FBANK receives the transform's mel filterbank [n_fft // 2 + 1, n_mels].
Prints the output shapes as JSON: [[n_mels, frames], ...].
"""
import json
import sys

import numpy as np
import torch
import torchaudio


def main():
    rate, n_fft, win, hop, n_mels = (int(v) for v in sys.argv[1:6])
    f_min, f_max, log_offset = (float(v) for v in sys.argv[6:9])
    fbank_path, pairs = sys.argv[9], sys.argv[10:]
    mel = torchaudio.transforms.MelSpectrogram(
        sample_rate=rate, n_fft=n_fft, win_length=win, hop_length=hop, f_min=f_min, f_max=f_max,
        n_mels=n_mels, window_fn=torch.hann_window, power=2.0, center=True, pad_mode="reflect",
        norm=None, mel_scale="htk")
    mel.mel_scale.fb.numpy().astype("<f4").tofile(fbank_path)
    shapes = []
    for src, dst in zip(pairs[0::2], pairs[1::2]):
        wave = torch.from_numpy(np.fromfile(src, dtype="<f4").copy())
        out = torch.log(mel(wave) + log_offset)
        out.numpy().astype("<f4").tofile(dst)
        shapes.append(list(out.shape))
    print(json.dumps(shapes))


if __name__ == "__main__":
    main()
