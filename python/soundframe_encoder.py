#!/usr/bin/env python3
"""Load a SoundFrame audio encoder in plain PyTorch.

A SoundFrame audio encoder folder (a run's ``audio-encoder/``, or any folder ``soundframe-cli``
writes one to) holds ``config.json`` (the AudioEncoderConfig: architecture, embedding size, clip
length and log-mel front end) and ``model.safetensors`` (the weights, named as the C++ module:
``cnn.conv_block1.conv1.weight``, ``transformer.layers.0.self_attn.q_proj.weight``, ...).
This module rebuilds that encoder with torch alone (no torchaudio, no ``safetensors`` package)
and gives the same embeddings as ``soundframe-cli embed`` (within 1e-5)::

    import soundframe_encoder as sf
    model = sf.load_encoder("runs/stage1-nearest/audio-encoder")   # eval mode, CPU
    wave, rate = sf.read_wav("dog.wav")                           # mono float32, rate == model.sample_rate
    emb = model.embed([wave])                                     # [1, D], projected, not normalised
    emb = torch.nn.functional.normalize(emb, dim=-1)              # cosine space shared with CLIP

    logmel = model.front_end(torch.stack([...]))                  # [B, n_mels, frames]
    emb = model(logmel)                                           # the encoder alone

``embed`` cuts or zero-pads every waveform at its end to ``clip_seconds`` (as SoundFrame's
AudioFrontEnd does), computes the log-mel features (torchaudio's MelSpectrogram with a periodic
Hann window, HTK mel scale, no filterbank normalisation, reflect-padded centred frames, then
``log(x + log_offset)``) and runs the encoder. Audio at another rate must be resampled first
(e.g. ``ffmpeg -i in.mp3 -ac 1 -ar 16000 out.wav``).

Command line: ``python3 soundframe_encoder.py ENCODER_DIR OUT.safetensors a.wav [b.wav ...]``
writes a float32 ``embeddings`` [N, D] safetensors file, as ``soundframe-cli embed`` does.

Requires python3 and torch (>= 1.13) only. See docs/python.md.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = ["read_safetensors", "write_safetensors", "read_config", "read_wav", "LogMel", "CnnEncoder",
           "TransformerEncoder", "AudioEncoder", "load_encoder", "save_encoder"]

# ---- safetensors (https://github.com/huggingface/safetensors: 8-byte header length, JSON header, data)
_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
           "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
           "BOOL": torch.bool}
_NAMES = {v: k for k, v in _DTYPES.items()}


def read_safetensors(path):
    """{name: tensor} of a .safetensors file (its "__metadata__" is dropped)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("%s: not a safetensors file (too short)" % path)
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError("%s: header length %d exceeds the file" % (path, n))
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    body = data[8 + n:]
    out = {}
    for name, info in header.items():
        if info["dtype"] not in _DTYPES:
            raise ValueError("%s: tensor '%s' has unsupported dtype %s" % (path, name, info["dtype"]))
        dtype = _DTYPES[info["dtype"]]
        b, e = info["data_offsets"]
        if e > b:
            t = torch.frombuffer(bytearray(body[b:e]), dtype=dtype)
        else:
            t = torch.zeros(0, dtype=dtype)
        out[name] = t.reshape(info["shape"]).clone()
    return out


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} (and string metadata) as a .safetensors file, via a temporary name."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        t = t.detach().to("cpu").contiguous()
        raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)  # the format aligns the data to 8 bytes
    tmp = "%s.tmp-%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


# ---- config.json: AudioEncoderConfig's defaults, overridden by what the file names ----------------
DEFAULT_CONFIG = {
    "architecture": "cnn",
    "embed_dim": 512,
    "clip_seconds": 10.0,
    "log_mel": {"sample_rate": 16000, "n_fft": 512, "win_length": 400, "hop_length": 160, "n_mels": 64,
                "f_min": 50.0, "f_max": 8000.0, "log_offset": 1e-6},
    "cnn": {"variant": "cnn10", "channels": [], "block_dropout": 0.2, "head_dropout": 0.5},
    "transformer": {"patch_mel": 16, "patch_time": 16, "stride_mel": 16, "stride_time": 16, "hidden_size": 768,
                    "layers": 12, "heads": 12, "mlp_size": 3072, "max_time_patches": 64,
                    "activation": "quick_gelu", "layer_norm_eps": 1e-5, "pooling": "cls",
                    "clip_patch_reduce": "sum"},
}


def read_config(path_or_dict):
    """The full config (defaults filled in) of a config.json path or an already parsed dict."""
    if isinstance(path_or_dict, dict):
        given = path_or_dict
    else:
        with open(path_or_dict) as f:
            given = json.load(f)
    config = json.loads(json.dumps(DEFAULT_CONFIG))
    for key, value in given.items():
        if key == "format_version":
            if value > 1:
                raise ValueError("config format_version %s is newer than this module reads (1)" % value)
            continue
        if key not in config:
            raise ValueError("config: unknown field '%s'" % key)
        if isinstance(config[key], dict):
            for k, v in value.items():
                if k not in config[key]:
                    raise ValueError("config: unknown field '%s.%s'" % (key, k))
                config[key][k] = v
        else:
            config[key] = value
    return config


def cnn_channels(config):
    c = config["cnn"]
    if c["channels"]:
        return list(c["channels"])
    return [64, 128, 256, 512, 1024, 2048] if c["variant"] == "cnn14" else [64, 128, 256, 512]


# ---- front end ------------------------------------------------------------------------------------
class LogMel(nn.Module):
    """Waveform [B, T] (or [T]) -> log-mel [B, n_mels, frames], frames = T // hop + 1.

    torchaudio.transforms.MelSpectrogram(power=2, center=True, pad_mode="reflect", norm=None,
    mel_scale="htk", window_fn=torch.hann_window) then log(x + log_offset); the window and the
    filterbank are computed in float32 in torchaudio's order, as SoundFrame's C++ front end does.
    """

    def __init__(self, log_mel):
        super().__init__()
        self.options = dict(log_mel)
        o = self.options
        self.register_buffer("window", torch.hann_window(o["win_length"], periodic=True, dtype=torch.float32),
                             persistent=False)
        self.register_buffer("filterbank", self.htk_filterbank(o), persistent=False)

    @staticmethod
    def htk_filterbank(o):
        """[n_fft // 2 + 1, n_mels] triangles on the HTK mel scale, unnormalised (torchaudio's fb)."""
        hz_to_mel = lambda hz: 2595.0 * math.log10(1.0 + hz / 700.0)
        freqs = torch.linspace(0, o["sample_rate"] // 2, o["n_fft"] // 2 + 1)
        mels = torch.linspace(hz_to_mel(o["f_min"]), hz_to_mel(o["f_max"]), o["n_mels"] + 2)
        edges = 700.0 * (10 ** (mels / 2595.0) - 1.0)
        widths = edges[1:] - edges[:-1]
        slopes = edges.unsqueeze(0) - freqs.unsqueeze(1)
        down = (-1.0 * slopes[:, :-2]) / widths[:-1]
        up = slopes[:, 2:] / widths[1:]
        return torch.max(torch.zeros(1), torch.min(down, up))

    def frame_count(self, samples):
        return samples // self.options["hop_length"] + 1

    def forward(self, wave):
        o = self.options
        x = wave if wave.dtype == torch.float64 else wave.to(torch.float32)
        spec = torch.stft(x, o["n_fft"], hop_length=o["hop_length"], win_length=o["win_length"],
                          window=self.window.to(x.dtype), center=True, pad_mode="reflect", normalized=False,
                          onesided=True, return_complex=True)
        power = spec.abs().pow(2.0)
        mel = torch.matmul(power.transpose(-1, -2), self.filterbank.to(x.dtype)).transpose(-1, -2)
        return torch.log(mel + o["log_offset"])


# ---- CNN: PANNs CNN10 / CNN14 (Kong et al. 2020) with a projection into CLIP's space ----------------
class ConvBlock(nn.Module):
    def __init__(self, cin, cout, pool):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.pool = pool

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        return F.avg_pool2d(x, self.pool) if self.pool > 1 else x


class CnnEncoder(nn.Module):
    """bn0 over mel bins -> conv_block1..N (2x2 average pooling in the first five) -> mean over
    frequency -> max + mean over time -> fc1 + ReLU -> projection (no bias). Dropout in training
    only, as SoundFrame: after each block (block_dropout) and around fc1 (head_dropout)."""

    def __init__(self, mels, channels, embed_dim, block_dropout=0.2, head_dropout=0.5):
        super().__init__()
        self.bn0 = nn.BatchNorm2d(mels)
        self.blocks = len(channels)
        self.block_dropout, self.head_dropout = block_dropout, head_dropout
        cin = 1
        for i, c in enumerate(channels):
            setattr(self, "conv_block%d" % (i + 1), ConvBlock(cin, c, 2 if i < 5 else 1))
            cin = c
        self.fc1 = nn.Linear(cin, cin)
        self.projection = nn.Linear(cin, embed_dim, bias=False)

    def time_features(self, logmel):                 # [B, mels, frames] -> [B, C, columns]
        x = self.bn0(logmel.unsqueeze(3)).transpose(1, 3)   # [B, 1, frames, mels], as PANNs lays it out
        for i in range(self.blocks):
            x = F.dropout(getattr(self, "conv_block%d" % (i + 1))(x), self.block_dropout, self.training)
        return x.mean(3)

    def head(self, pooled):
        x = F.dropout(pooled, self.head_dropout, self.training)
        x = F.dropout(F.relu(self.fc1(x)), self.head_dropout, self.training)
        return self.projection(x)

    def forward(self, logmel):
        x = self.time_features(logmel)
        return self.head(x.max(-1)[0] + x.mean(-1))


# ---- spectrogram transformer (AST / vip-AnT style ViT with CLIP's blocks) ---------------------------
class Attention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads = heads
        self.q_proj, self.k_proj = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.v_proj, self.out_proj = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)

    def forward(self, x):
        n, t, h = x.shape
        d = h // self.heads
        split = lambda y: y.view(n, t, self.heads, d).transpose(1, 2)
        q = split(self.q_proj(x) * (1.0 / math.sqrt(d)))  # scaled before the product, as CLIP
        w = torch.softmax(torch.matmul(q, split(self.k_proj(x)).transpose(-2, -1)), -1)
        return self.out_proj(torch.matmul(w, split(self.v_proj(x))).transpose(1, 2).reshape(n, t, h))


class Mlp(nn.Module):
    def __init__(self, hidden, inner, activation):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(hidden, inner), nn.Linear(inner, hidden)
        self.activation = activation

    def forward(self, x):
        x = self.fc1(x)
        x = x * torch.sigmoid(1.702 * x) if self.activation == "quick_gelu" else F.gelu(x)
        return self.fc2(x)


class EncoderLayer(nn.Module):
    def __init__(self, hidden, inner, heads, activation, eps):
        super().__init__()
        self.self_attn = Attention(hidden, heads)
        self.layer_norm1 = nn.LayerNorm(hidden, eps=eps)
        self.mlp = Mlp(hidden, inner, activation)
        self.layer_norm2 = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x):
        x = x + self.self_attn(self.layer_norm1(x))
        return x + self.mlp(self.layer_norm2(x))


class TransformerEncoder(nn.Module):
    """1-channel patch_embedding (no bias) over (mel x time) -> class token + position_embedding
    (row 0: class token; then the (mel row, time column) grid, first T columns used) ->
    pre_layernorm -> layers.N (CLIP blocks) -> "cls" token or "mean" of patch tokens ->
    post_layernorm -> projection (no bias)."""

    def __init__(self, mels, embed_dim, t):
        super().__init__()
        self.t = dict(t)
        hidden = t["hidden_size"]
        self.mel_patches = (mels - t["patch_mel"]) // t["stride_mel"] + 1
        self.patch_embedding = nn.Conv2d(1, hidden, (t["patch_mel"], t["patch_time"]),
                                         stride=(t["stride_mel"], t["stride_time"]), bias=False)
        self.class_embedding = nn.Parameter(torch.randn(hidden) * 0.02)
        self.position_embedding = nn.Parameter(torch.randn(1 + self.mel_patches * t["max_time_patches"], hidden) * 0.02)
        self.pre_layernorm = nn.LayerNorm(hidden, eps=t["layer_norm_eps"])
        self.layers = nn.ModuleList([EncoderLayer(hidden, t["mlp_size"], t["heads"], t["activation"],
                                                  t["layer_norm_eps"]) for _ in range(t["layers"])])
        self.post_layernorm = nn.LayerNorm(hidden, eps=t["layer_norm_eps"])
        self.projection = nn.Linear(hidden, embed_dim, bias=False)

    def forward(self, logmel):
        t, hidden = self.t, self.t["hidden_size"]
        patches = self.patch_embedding(logmel.unsqueeze(1))          # [B, H, mel rows, columns]
        b, columns = patches.shape[0], patches.shape[3]
        if columns > t["max_time_patches"]:
            raise ValueError("%d time patches; the model has positions for %d" % (columns, t["max_time_patches"]))
        tokens = patches.flatten(2).transpose(1, 2)
        grid = self.position_embedding[1:].view(self.mel_patches, t["max_time_patches"], hidden)[:, :columns]
        positions = torch.cat([self.position_embedding[:1], grid.reshape(-1, hidden)])
        h = torch.cat([self.class_embedding.view(1, 1, hidden).expand(b, 1, hidden), tokens], 1) + positions
        h = self.pre_layernorm(h)
        for layer in self.layers:
            h = layer(h)
        pooled = h[:, 1:].mean(1) if t["pooling"] == "mean" else h[:, 0]
        return self.projection(self.post_layernorm(pooled))


# ---- the whole encoder ----------------------------------------------------------------------------
class AudioEncoder(nn.Module):
    """A SoundFrame audio encoder: ``forward(logmel)`` -> [B, embed_dim] (not normalised);
    ``embed(waves)`` adds the front end. State dict names match model.safetensors."""

    def __init__(self, config):
        super().__init__()
        self.config = read_config(config)
        c = self.config
        self.sample_rate = c["log_mel"]["sample_rate"]
        self.clip_samples = int(round(c["clip_seconds"] * self.sample_rate))
        self.front_end = LogMel(c["log_mel"])
        mels = c["log_mel"]["n_mels"]
        if c["architecture"] == "cnn":
            self.cnn = CnnEncoder(mels, cnn_channels(c), c["embed_dim"], c["cnn"]["block_dropout"],
                                  c["cnn"]["head_dropout"])
        elif c["architecture"] == "transformer":
            self.transformer = TransformerEncoder(mels, c["embed_dim"], c["transformer"])
        else:
            raise ValueError("config: architecture '%s' is not cnn or transformer" % c["architecture"])

    def forward(self, logmel):
        return self.cnn(logmel) if self.config["architecture"] == "cnn" else self.transformer(logmel)

    def waveforms(self, waves):
        """[B, clip_samples]: each 1-D waveform cut or zero-padded at its end."""
        batch = torch.zeros(len(waves), self.clip_samples)
        for i, w in enumerate(waves):
            w = torch.as_tensor(w, dtype=torch.float32).reshape(-1)[:self.clip_samples]
            batch[i, :w.numel()] = w
        return batch

    @torch.no_grad()
    def embed(self, waves):
        """[B, embed_dim] for mono waveforms at ``sample_rate`` (tensors or sequences of floats)."""
        return self.forward(self.front_end(self.waveforms(waves)))


def load_encoder(folder, device="cpu"):
    """The encoder of ``folder`` (config.json + model.safetensors), in eval mode on ``device``.
    Missing, unexpected or misshaped tensors raise ValueError naming the file and tensor."""
    model = AudioEncoder(os.path.join(folder, "config.json"))
    path = os.path.join(folder, "model.safetensors")
    stored = read_safetensors(path)
    own = model.state_dict()
    for name, tensor in own.items():
        if name not in stored:
            raise ValueError("%s: missing tensor '%s'" % (path, name))
        if tuple(stored[name].shape) != tuple(tensor.shape):
            raise ValueError("%s: tensor '%s' has shape %s, the config's model needs %s"
                             % (path, name, list(stored[name].shape), list(tensor.shape)))
    extra = sorted(set(stored) - set(own))
    if extra:
        raise ValueError("%s: unexpected tensor '%s' (does config.json describe this model?)" % (path, extra[0]))
    model.load_state_dict(stored, strict=True)
    return model.to(device).eval()


def save_encoder(model, folder):
    """Writes ``folder``/model.safetensors and config.json (SoundFrame's layout); C++ loads it."""
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "model.safetensors"), model.state_dict(),
                      {"format": "soundframe.audio_encoder", "architecture": model.config["architecture"]})
    config = dict(model.config, format_version=1)
    tmp = os.path.join(folder, "config.json.tmp-%d" % os.getpid())
    with open(tmp, "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    os.replace(tmp, os.path.join(folder, "config.json"))


# ---- WAV input (PCM 16/24/32-bit or IEEE float, any channel count: averaged to mono) ------------------
def read_wav(path):
    """(samples float32 [T], rate) of a WAV file; PCM is scaled to [-1, 1) (x / 2^(bits-1))."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("%s: not a RIFF/WAVE file" % path)
    pos, fmt, pcm = 12, None, None
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if chunk == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
            if fmt[0] == 0xFFFE and len(body) >= 26:   # WAVE_FORMAT_EXTENSIBLE: the sub-format's tag
                fmt = (struct.unpack("<H", body[24:26])[0],) + fmt[1:]
        elif chunk == b"data":
            pcm = body
        pos += 8 + size + (size & 1)
    if fmt is None or pcm is None:
        raise ValueError("%s: no fmt or data chunk" % path)
    tag, channels, rate, _, _, bits = fmt
    if tag == 3 and bits == 32:
        x = torch.frombuffer(bytearray(pcm), dtype=torch.float32)
    elif tag == 3 and bits == 64:
        x = torch.frombuffer(bytearray(pcm), dtype=torch.float64).float()
    elif tag == 1 and bits == 16:
        x = torch.frombuffer(bytearray(pcm), dtype=torch.int16).float() / 32768.0
    elif tag == 1 and bits == 32:
        x = (torch.frombuffer(bytearray(pcm), dtype=torch.int32).double() / 2147483648.0).float()
    elif tag == 1 and bits == 24:
        raw = torch.frombuffer(bytearray(pcm), dtype=torch.uint8).reshape(-1, 3).to(torch.int32)
        v = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        x = (v - ((v & 0x800000) << 1)).float() / 8388608.0
    else:
        raise ValueError("%s: unsupported WAV encoding (format tag %d, %d bits)" % (path, tag, bits))
    x = x[:x.numel() // channels * channels].reshape(-1, channels)
    return (x.mean(1) if channels > 1 else x[:, 0]).contiguous(), rate


def main(argv):
    if len(argv) < 3 or argv[0] in ("-h", "--help"):
        print(__doc__.split("Command line:")[1].split("Requires")[0].strip())
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    folder, out, files = argv[0], argv[1], argv[2:]
    model = load_encoder(folder)
    waves = []
    for path in files:
        wave, rate = read_wav(path)
        if rate != model.sample_rate:
            raise SystemExit("%s: %d Hz, the encoder expects %d Hz (resample it first)" % (path, rate, model.sample_rate))
        waves.append(wave)
    emb = model.embed(waves)
    write_safetensors(out, {"embeddings": emb.float().contiguous()},
                      {"format": "soundframe-embeddings/1", "kind": "audio", "items": json.dumps(files)})
    print(json.dumps({"out": out, "rows": emb.shape[0], "dim": emb.shape[1]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
