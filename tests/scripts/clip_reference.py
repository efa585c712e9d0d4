#!/usr/bin/env python3
"""Independent CLIP forward pass for tests (transformers is not in Debian; written from the
architecture: pre-norm ViT image tower with a class token, causal text transformer pooled at
<|endoftext|>, bias-free projections). Computes in float64 from the stored weights.

  clip_reference.py make OUTDIR --act quick_gelu|gelu|gelu_new --eos first|legacy [--half]
                         [--vocab N --tokenizer]
      OUTDIR/model/{config.json, model.safetensors}  small random CLIP in Hugging Face layout
                                                     (--half: some tensors stored as F16 / BF16)
      OUTDIR/inputs.safetensors    pixels F32 [5, 3, 32, 32], ids I64 [6, 77]
      OUTDIR/expected.safetensors  image_features [5, 40], text_features [6, 40] (F32)
  clip_reference.py forward MODELDIR INPUTS OUT    features of any HF-layout CLIP folder, for
                                                   whichever of "pixels" / "ids" INPUTS holds
  clip_reference.py normalize RAW SIZE COUNT CONFIG_JSON OUT
      RAW: COUNT rgb24 images SIZE x SIZE; writes "pixels" [COUNT, 3, SIZE, SIZE] normalised as
      CLIPImageProcessor does (x * rescale_factor - mean) / std.
"""
import argparse
import json
import math
import os
import struct

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
          "I64": torch.int64, "I32": torch.int32}
NAMES = {v: k for k, v in DTYPES.items()}


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        raw = t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    metadata = header.pop("__metadata__", {})
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        t = torch.frombuffer(bytearray(body[b:e]), dtype=DTYPES[info["dtype"]]) if e > b else \
            torch.zeros(0, dtype=DTYPES[info["dtype"]])
        out[name] = t.reshape(info["shape"])
    return out, metadata


# ---------------------------------------------------------------- the forward pass, float64

def activation(x, name):
    if name == "quick_gelu":
        return x * torch.sigmoid(1.702 * x)
    if name == "gelu":
        return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))
    if name in ("gelu_new", "gelu_pytorch_tanh", "gelu_fast"):
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    raise ValueError(name)


def norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def transformer(x, W, prefix, cfg, causal):
    heads = cfg["num_attention_heads"]
    n, t, d = x.shape
    hd = d // heads
    eps = cfg["layer_norm_eps"]
    for i in range(cfg["num_hidden_layers"]):
        p = f"{prefix}.encoder.layers.{i}."
        lin = lambda y, name: y @ W[p + name + ".weight"].T + W[p + name + ".bias"]
        h = norm(x, W[p + "layer_norm1.weight"], W[p + "layer_norm1.bias"], eps)
        split = lambda y: y.reshape(n, t, heads, hd).permute(0, 2, 1, 3)
        q, k, v = split(lin(h, "self_attn.q_proj")), split(lin(h, "self_attn.k_proj")), split(lin(h, "self_attn.v_proj"))
        scores = torch.einsum("nhid,nhjd->nhij", q, k) / math.sqrt(hd)
        if causal:
            future = torch.ones(t, t, dtype=torch.bool).triu(1)
            scores = scores.masked_fill(future, float("-inf"))
        attn = torch.softmax(scores, dim=-1)
        mixed = torch.einsum("nhij,nhjd->nhid", attn, v).permute(0, 2, 1, 3).reshape(n, t, d)
        x = x + lin(mixed, "self_attn.out_proj")
        h = norm(x, W[p + "layer_norm2.weight"], W[p + "layer_norm2.bias"], eps)
        x = x + lin(activation(lin(h, "mlp.fc1"), cfg["hidden_act"]), "mlp.fc2")
    return x


def image_features(W, cfg, pixels):
    v = cfg["vision_config"]
    s, p = v["image_size"], v["patch_size"]
    g = s // p
    n, c = pixels.shape[0], pixels.shape[1]
    # Patches by reshaping rather than by convolution.
    patches = pixels.reshape(n, c, g, p, g, p).permute(0, 2, 4, 1, 3, 5).reshape(n, g * g, c * p * p)
    wp = W["vision_model.embeddings.patch_embedding.weight"].reshape(v["hidden_size"], c * p * p)
    tokens = torch.cat([W["vision_model.embeddings.class_embedding"].expand(n, 1, -1), patches @ wp.T], dim=1)
    tokens = tokens + W["vision_model.embeddings.position_embedding.weight"]
    eps = v["layer_norm_eps"]
    x = norm(tokens, W["vision_model.pre_layrnorm.weight"], W["vision_model.pre_layrnorm.bias"], eps)
    x = transformer(x, W, "vision_model", v, causal=False)
    pooled = norm(x[:, 0], W["vision_model.post_layernorm.weight"], W["vision_model.post_layernorm.bias"], eps)
    return pooled @ W["visual_projection.weight"].T


def text_features(W, cfg, ids):
    t = cfg["text_config"]
    n, length = ids.shape
    x = W["text_model.embeddings.token_embedding.weight"][ids] + \
        W["text_model.embeddings.position_embedding.weight"][:length]
    x = transformer(x, W, "text_model", t, causal=True)
    x = norm(x, W["text_model.final_layer_norm.weight"], W["text_model.final_layer_norm.bias"], t["layer_norm_eps"])
    eos = t["eos_token_id"]
    rows = []
    for r in range(n):
        row = ids[r].tolist()
        if eos == 2:  # HF's legacy configs: <|endoftext|> is the largest id
            pos = row.index(max(row))
        else:
            pos = row.index(eos) if eos in row else 0
        rows.append(x[r, pos])
    return torch.stack(rows) @ W["text_projection.weight"].T


def load_folder(folder):
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    for key, defaults in (("text_config", {"layer_norm_eps": 1e-5, "hidden_act": "quick_gelu", "eos_token_id": 2}),
                          ("vision_config", {"layer_norm_eps": 1e-5, "hidden_act": "quick_gelu"})):
        for k, val in defaults.items():
            cfg[key].setdefault(k, val)
    weights, metadata = read_safetensors(os.path.join(folder, "model.safetensors"))
    return cfg, {k: v.double() for k, v in weights.items()}, metadata


def features(folder, inputs):
    cfg, W, _ = load_folder(folder)
    x, _ = read_safetensors(inputs)
    out = {}
    if "pixels" in x:
        out["image_features"] = image_features(W, cfg, x["pixels"].double()).float()
    if "ids" in x:
        out["text_features"] = text_features(W, cfg, x["ids"]).float()
    return out


def byte_symbols():
    """GPT-2's byte -> printable character table, which CLIP's BPE vocabulary is written in."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def write_tokenizer(folder, bos, eot):
    """A merge-free CLIP vocabulary: every byte alone and as a word end, plus the special tokens."""
    table = byte_symbols()
    vocab = {table[b]: b for b in range(256)}
    vocab.update({table[b] + "</w>": 256 + b for b in range(256)})
    vocab["<|startoftext|>"] = bos
    vocab["<|endoftext|>"] = eot
    with open(os.path.join(folder, "vocab.json"), "w") as f:
        json.dump(vocab, f)
    with open(os.path.join(folder, "merges.txt"), "w") as f:
        f.write("#version: 0.2\n")


# ---------------------------------------------------------------- fixtures

def make(out, act, eos_mode, half, vocab=300, tokenizer=False):
    g = torch.Generator().manual_seed({"quick_gelu": 1, "gelu": 2, "gelu_new": 3}[act] + (10 if half else 0))
    ctx, proj = 77, 40
    # legacy: eos_token_id 2 in the config, <|endoftext|> the largest id, as in openai's config
    bos, eot = (vocab - 2, vocab - 1) if eos_mode == "legacy" else (vocab - 3, vocab - 2)
    text = {"model_type": "clip_text_model", "vocab_size": vocab, "hidden_size": 48, "intermediate_size": 96,
            "num_attention_heads": 4, "num_hidden_layers": 2, "max_position_embeddings": ctx,
            "hidden_act": act, "layer_norm_eps": 1e-5, "bos_token_id": bos,
            "eos_token_id": 2 if eos_mode == "legacy" else eot, "pad_token_id": 1, "projection_dim": proj,
            "initializer_range": 0.02, "dropout": 0.0}
    vision = {"model_type": "clip_vision_model", "hidden_size": 64, "intermediate_size": 128,
              "num_attention_heads": 4, "num_hidden_layers": 2, "image_size": 32, "patch_size": 8,
              "num_channels": 3, "hidden_act": act, "layer_norm_eps": 1e-5, "projection_dim": proj}
    cfg = {"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": proj,
           "logit_scale_init_value": 2.6592, "initializer_factor": 1.0, "text_config": text,
           "vision_config": vision, "text_config_dict": None, "transformers_version": "4.30.0"}

    rnd = lambda *shape, scale=1.0: torch.randn(*shape, generator=g) * scale
    W = {}

    def layers(prefix, d, inner, count):
        for i in range(count):
            p = f"{prefix}.encoder.layers.{i}."
            for name in ("q_proj", "k_proj", "v_proj", "out_proj"):
                W[p + f"self_attn.{name}.weight"] = rnd(d, d, scale=d ** -0.5)
                W[p + f"self_attn.{name}.bias"] = rnd(d, scale=0.1)
            for ln in ("layer_norm1", "layer_norm2"):
                W[p + ln + ".weight"] = 1 + rnd(d, scale=0.1)
                W[p + ln + ".bias"] = rnd(d, scale=0.1)
            W[p + "mlp.fc1.weight"] = rnd(inner, d, scale=d ** -0.5)
            W[p + "mlp.fc1.bias"] = rnd(inner, scale=0.1)
            W[p + "mlp.fc2.weight"] = rnd(d, inner, scale=inner ** -0.5)
            W[p + "mlp.fc2.bias"] = rnd(d, scale=0.1)

    dv, dt = vision["hidden_size"], text["hidden_size"]
    W["text_model.embeddings.token_embedding.weight"] = rnd(vocab, dt)
    W["text_model.embeddings.position_embedding.weight"] = rnd(ctx, dt, scale=0.5)
    W["text_model.embeddings.position_ids"] = torch.arange(ctx).reshape(1, ctx)  # extra: must be ignored
    layers("text_model", dt, text["intermediate_size"], text["num_hidden_layers"])
    W["text_model.final_layer_norm.weight"] = 1 + rnd(dt, scale=0.1)
    W["text_model.final_layer_norm.bias"] = rnd(dt, scale=0.1)
    W["vision_model.embeddings.class_embedding"] = rnd(dv)
    W["vision_model.embeddings.patch_embedding.weight"] = rnd(dv, 3, 8, 8, scale=(3 * 64) ** -0.5)
    W["vision_model.embeddings.position_embedding.weight"] = rnd(17, dv, scale=0.5)
    W["vision_model.pre_layrnorm.weight"] = 1 + rnd(dv, scale=0.1)
    W["vision_model.pre_layrnorm.bias"] = rnd(dv, scale=0.1)
    layers("vision_model", dv, vision["intermediate_size"], vision["num_hidden_layers"])
    W["vision_model.post_layernorm.weight"] = 1 + rnd(dv, scale=0.1)
    W["vision_model.post_layernorm.bias"] = rnd(dv, scale=0.1)
    W["visual_projection.weight"] = rnd(proj, dv, scale=dv ** -0.5)
    W["text_projection.weight"] = rnd(proj, dt, scale=dt ** -0.5)
    W["logit_scale"] = torch.tensor(2.6592)
    if half:
        for name in list(W):
            if name.endswith("fc1.weight") or name.endswith("position_embedding.weight") or name == "logit_scale":
                W[name] = W[name].to(torch.float16)
            elif name.endswith("fc2.weight") or name == "text_model.embeddings.token_embedding.weight":
                W[name] = W[name].to(torch.bfloat16)

    model = os.path.join(out, "model")
    os.makedirs(model, exist_ok=True)
    with open(os.path.join(model, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    write_safetensors(os.path.join(model, "model.safetensors"), W, {"format": "pt"})
    if tokenizer:
        write_tokenizer(model, bos, eot)

    pixels = rnd(5, 3, 32, 32)
    ids = torch.zeros(6, ctx, dtype=torch.int64)
    ends = [1, 5, 17, 40, 76, 9]  # position of the first <|endoftext|>
    low = 3 if eos_mode == "legacy" else 0
    for r, end in enumerate(ends):
        body = torch.randint(low, bos, (end - 1,), generator=g)
        if eos_mode == "legacy" and end > 3:
            body[1] = 2         # eos_token_id's value itself: pooling there would be wrong
        if eos_mode == "first" and end > 3:
            body[0] = vocab - 1  # an id above eot: argmax pooling would be wrong
        ids[r, 0] = bos
        ids[r, 1:end] = body
        ids[r, end] = eot
        ids[r, end + 1:] = eot if r % 2 == 0 else 0   # CLIP pads with eot; also try zero padding
    write_safetensors(os.path.join(out, "inputs.safetensors"), {"pixels": pixels, "ids": ids})
    write_safetensors(os.path.join(out, "expected.safetensors"),
                      features(model, os.path.join(out, "inputs.safetensors")))


def forward(folder, inputs, out):
    write_safetensors(out, features(folder, inputs))


def normalize(raw, size, count, config, out):
    with open(config) as f:
        cfg = json.load(f)
    with open(raw, "rb") as f:
        data = f.read()
    x = torch.frombuffer(bytearray(data), dtype=torch.uint8).reshape(count, size, size, 3).permute(0, 3, 1, 2)
    x = x.double() * cfg["rescale_factor"]
    mean = torch.tensor(cfg["image_mean"], dtype=torch.float64).reshape(1, 3, 1, 1)
    std = torch.tensor(cfg["image_std"], dtype=torch.float64).reshape(1, 3, 1, 1)
    write_safetensors(out, {"pixels": ((x - mean) / std).float()})


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("out")
    m.add_argument("--act", default="quick_gelu")
    m.add_argument("--eos", default="first", choices=["first", "legacy"])
    m.add_argument("--half", action="store_true")
    m.add_argument("--vocab", type=int, default=300)
    m.add_argument("--tokenizer", action="store_true", help="also write vocab.json + merges.txt (needs --vocab >= 515)")
    f = sub.add_parser("forward")
    f.add_argument("folder")
    f.add_argument("inputs")
    f.add_argument("out")
    nm = sub.add_parser("normalize")
    for a in ("raw", "size", "count", "config", "out"):
        nm.add_argument(a)
    a = ap.parse_args()
    if a.cmd == "make":
        make(a.out, a.act, a.eos, a.half, a.vocab, a.tokenizer)
    elif a.cmd == "forward":
        forward(a.folder, a.inputs, a.out)
    else:
        normalize(a.raw, int(a.size), int(a.count), a.config, a.out)
