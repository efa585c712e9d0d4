#!/usr/bin/env python3
"""Independent python3-torch references for SoundFrame's audio encoders (tests only).

  audio_encoder_reference.py cnn WEIGHTS INPUT OUT
      PANNs-style CNN (python/soundframe_encoder.py's CnnEncoder) loaded from WEIGHTS (names as CnnAudioEncoder, optional
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
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

# The CNN and the safetensors I/O are the shipped PyTorch loader's (python/soundframe_encoder.py),
# so the C++ encoder is tested against what PyTorch users run; the transformer below stays an
# independent reference (attention through torch.nn.MultiheadAttention).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import soundframe_encoder as sf  # noqa: E402

load = sf.read_safetensors
save = sf.write_safetensors


def strip(state, prefix):
    return {k[len(prefix):] if k.startswith(prefix) else k: v for k, v in state.items()}


def cnn(weights, inp, out):
    state = strip(load(weights), "cnn.")
    channels, i = [], 1
    while "conv_block%d.conv1.weight" % i in state:
        channels.append(state["conv_block%d.conv1.weight" % i].shape[0])
        i += 1
    model = sf.CnnEncoder(state["bn0.weight"].shape[0], channels, state["projection.weight"].shape[0])
    model.load_state_dict(state, strict=True)
    model.eval()
    with torch.no_grad():
        save(out, {"embedding": model(load(inp)["logmel"])})


def cnn_count():
    count = lambda m: sum(p.numel() for p in m.parameters())
    c10, c14 = [64, 128, 256, 512], [64, 128, 256, 512, 1024, 2048]
    # PANNs' published models end in fc_audioset (527 classes, with a bias) instead of a projection.
    panns = lambda channels: count(sf.CnnEncoder(64, channels, 527)) + 527
    print(json.dumps({"cnn10": count(sf.CnnEncoder(64, c10, 512)), "cnn14": count(sf.CnnEncoder(64, c14, 512)),
                      "cnn10_panns": panns(c10), "cnn14_panns": panns(c14)}))


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
