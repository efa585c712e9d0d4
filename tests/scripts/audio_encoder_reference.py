#!/usr/bin/env python3
"""Independent python3-torch references for SoundFrame's audio encoders (tests only).

  audio_encoder_reference.py cnn WEIGHTS INPUT OUT
      PANNs-style CNN (torch.nn modules) loaded from WEIGHTS (names as CnnAudioEncoder, optional
      "cnn." prefix), eval mode, applied to INPUT's "logmel" [B, mels, frames]; writes OUT with
      "embedding" [B, D].
  audio_encoder_reference.py cnn-count
      prints {"cnn10": n, "cnn14": n, "cnn10_panns": n, "cnn14_panns": n}: parameter counts of the
      encoders at 64 mels and a 512-d projection, and of PANNs' published models (527-class head).
  audio_encoder_reference.py ast WEIGHTS INPUT OUT HEADS STRIDE_MEL STRIDE_TIME MAX_TIME EPS ACT POOLING
      the spectrogram transformer, attention through torch.nn.MultiheadAttention; writes "embedding".
  audio_encoder_reference.py clip-init STATE EXPECTED HIDDEN MLP LAYERS IMAGE_PATCH GRID MEL_PATCHES
                             MAX_TIME PATCH_MEL PATCH_TIME PROJ
      writes a random Hugging Face-named CLIP vision state dict to STATE and, to EXPECTED, the
      1-channel patch kernel (RGB summed, resized with F.interpolate and scaled by the area ratio)
      and the position embeddings resized with F.interpolate(bilinear, align_corners=False).
"""
import json
import math
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32}
NAMES = {torch.float32: "F32", torch.int64: "I64"}


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    body = data[8 + n:]
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        t = torch.frombuffer(bytearray(body[b:e]), dtype=DTYPES[info["dtype"]]) if e > b \
            else torch.zeros(0, dtype=DTYPES[info["dtype"]])
        out[name] = t.reshape(info["shape"]).clone()
    return out


def save(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        raw = t.reshape(-1).view(torch.uint8).numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def strip(state, prefix):
    return {k[len(prefix):] if k.startswith(prefix) else k: v for k, v in state.items()}


# ---- PANNs CNN (Kong et al. 2020), written after the paper's description -------------------
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


class Cnn(nn.Module):
    def __init__(self, mels, channels, out_dim, panns_head=False):
        super().__init__()
        self.bn0 = nn.BatchNorm2d(mels)
        cin = 1
        for i, c in enumerate(channels):
            setattr(self, "conv_block%d" % (i + 1), ConvBlock(cin, c, 2 if i < 5 else 1))
            cin = c
        self.n = len(channels)
        self.fc1 = nn.Linear(cin, cin)
        if panns_head:
            self.fc_audioset = nn.Linear(cin, out_dim)
        else:
            self.projection = nn.Linear(cin, out_dim, bias=False)

    def forward(self, logmel):                       # [B, mels, frames]
        x = logmel.transpose(1, 2).unsqueeze(1)      # PANNs layout [B, 1, time, mels]
        x = self.bn0(x.transpose(1, 3)).transpose(1, 3)
        for i in range(self.n):
            x = getattr(self, "conv_block%d" % (i + 1))(x)
        x = torch.mean(x, dim=3)
        x = torch.max(x, dim=2)[0] + torch.mean(x, dim=2)
        return self.projection(F.relu(self.fc1(x)))


def cnn(weights, inp, out):
    state = strip(load(weights), "cnn.")
    channels, i = [], 1
    while "conv_block%d.conv1.weight" % i in state:
        channels.append(state["conv_block%d.conv1.weight" % i].shape[0])
        i += 1
    model = Cnn(state["bn0.weight"].shape[0], channels, state["projection.weight"].shape[0])
    model.load_state_dict(state, strict=True)
    model.eval()
    with torch.no_grad():
        save(out, {"embedding": model(load(inp)["logmel"])})


def cnn_count():
    count = lambda m: sum(p.numel() for p in m.parameters())
    c10, c14 = [64, 128, 256, 512], [64, 128, 256, 512, 1024, 2048]
    print(json.dumps({"cnn10": count(Cnn(64, c10, 512)), "cnn14": count(Cnn(64, c14, 512)),
                      "cnn10_panns": count(Cnn(64, c10, 527, True)),
                      "cnn14_panns": count(Cnn(64, c14, 527, True))}))


# ---- spectrogram transformer, attention via nn.MultiheadAttention ---------------------------
def ast(weights, inp, out, heads, stride_mel, stride_time, max_time, eps, act, pooling):
    heads, stride_mel, stride_time, max_time, eps = int(heads), int(stride_mel), int(stride_time), \
        int(max_time), float(eps)
    s = strip(load(weights), "transformer.")
    x = load(inp)["logmel"]
    hidden = s["class_embedding"].shape[0]
    with torch.no_grad():
        p = F.conv2d(x.unsqueeze(1), s["patch_embedding.weight"], stride=(stride_mel, stride_time))
        b, _, fm, ft = p.shape
        tokens = p.permute(0, 2, 3, 1).reshape(b, fm * ft, hidden)
        grid = s["position_embedding"][1:].reshape(fm, max_time, hidden)[:, :ft].reshape(fm * ft, hidden)
        h = torch.cat([s["class_embedding"].expand(b, 1, hidden), tokens], 1)
        h = h + torch.cat([s["position_embedding"][:1], grid])[None]
        ln = lambda t, name: F.layer_norm(t, (hidden,), s[name + ".weight"], s[name + ".bias"], eps)
        h = ln(h, "pre_layernorm")
        i = 0
        while "layers.%d.layer_norm1.weight" % i in s:
            pre = "layers.%d." % i
            mha = nn.MultiheadAttention(hidden, heads, batch_first=True)
            mha.in_proj_weight.copy_(torch.cat([s[pre + "self_attn.%s_proj.weight" % n] for n in "qkv"]))
            mha.in_proj_bias.copy_(torch.cat([s[pre + "self_attn.%s_proj.bias" % n] for n in "qkv"]))
            mha.out_proj.weight.copy_(s[pre + "self_attn.out_proj.weight"])
            mha.out_proj.bias.copy_(s[pre + "self_attn.out_proj.bias"])
            mha.eval()
            a = ln(h, pre + "layer_norm1")
            h = h + mha(a, a, a, need_weights=False)[0]
            m = F.linear(ln(h, pre + "layer_norm2"), s[pre + "mlp.fc1.weight"], s[pre + "mlp.fc1.bias"])
            m = m * torch.sigmoid(1.702 * m) if act == "quick_gelu" else F.gelu(m)
            h = h + F.linear(m, s[pre + "mlp.fc2.weight"], s[pre + "mlp.fc2.bias"])
            i += 1
        pooled = h[:, 1:].mean(1) if pooling == "mean" else h[:, 0]
        save(out, {"embedding": F.linear(ln(pooled, "post_layernorm"), s["projection.weight"])})


def clip_init(state_path, expected_path, hidden, mlp, layers, image_patch, grid, mel_patches,
              max_time, patch_mel, patch_time, proj):
    hidden, mlp, layers, image_patch, grid, mel_patches, max_time, patch_mel, patch_time, proj = map(
        int, (hidden, mlp, layers, image_patch, grid, mel_patches, max_time, patch_mel, patch_time, proj))
    g = torch.Generator().manual_seed(11)
    r = lambda *shape: torch.randn(*shape, generator=g)
    v = "vision_model."
    st = {v + "embeddings.patch_embedding.weight": r(hidden, 3, image_patch, image_patch),
          v + "embeddings.class_embedding": r(hidden),
          v + "embeddings.position_embedding.weight": r(1 + grid * grid, hidden),
          v + "pre_layrnorm.weight": r(hidden), v + "pre_layrnorm.bias": r(hidden),
          v + "post_layernorm.weight": r(hidden), v + "post_layernorm.bias": r(hidden),
          "visual_projection.weight": r(proj, hidden),
          "text_model.final_layer_norm.weight": r(7)}   # other towers' keys are ignored
    for i in range(layers):
        pre = v + "encoder.layers.%d." % i
        for n in "qkv":
            st[pre + "self_attn.%s_proj.weight" % n] = r(hidden, hidden)
            st[pre + "self_attn.%s_proj.bias" % n] = r(hidden)
        st[pre + "self_attn.out_proj.weight"] = r(hidden, hidden)
        st[pre + "self_attn.out_proj.bias"] = r(hidden)
        for n in ("layer_norm1", "layer_norm2"):
            st[pre + n + ".weight"] = r(hidden)
            st[pre + n + ".bias"] = r(hidden)
        st[pre + "mlp.fc1.weight"], st[pre + "mlp.fc1.bias"] = r(mlp, hidden), r(mlp)
        st[pre + "mlp.fc2.weight"], st[pre + "mlp.fc2.bias"] = r(hidden, mlp), r(hidden)
    save(state_path, st)

    kernel = st[v + "embeddings.patch_embedding.weight"].sum(1, keepdim=True)
    if (patch_mel, patch_time) != (image_patch, image_patch):
        kernel = F.interpolate(kernel, size=(patch_mel, patch_time), mode="bilinear",
                               align_corners=False) * (image_patch * image_patch / (patch_mel * patch_time))
    pos = st[v + "embeddings.position_embedding.weight"]
    image = pos[1:].reshape(grid, grid, hidden).permute(2, 0, 1)[None]       # [1, H, rows, cols]
    audio = F.interpolate(image, size=(mel_patches, max_time), mode="bilinear", align_corners=False)
    audio = audio[0].permute(1, 2, 0).reshape(mel_patches * max_time, hidden)
    save(expected_path, {"patch_embedding.weight": kernel, "position_embedding": torch.cat([pos[:1], audio])})


if __name__ == "__main__":
    torch.set_num_threads(1)
    {"cnn": cnn, "cnn-count": cnn_count, "ast": ast, "clip-init": clip_init}[sys.argv[1]](*sys.argv[2:])
