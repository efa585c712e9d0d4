#!/usr/bin/env python3
"""Independent safetensors reader/writer for tests (the `safetensors` package is not in Debian).

  safetensors_reference.py write OUT.safetensors   -> writes F32/F16/BF16/I64 tensors, prints their values as JSON
  safetensors_reference.py read IN.safetensors     -> prints {name: {dtype, shape, values}} and metadata as JSON
"""
import json
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8}


def write(path):
    g = torch.Generator().manual_seed(7)
    tensors = {
        "a.f32": torch.randn(3, 5, generator=g),
        "b.f16": (torch.randn(4, 2, generator=g) * 100).to(torch.float16),
        "c.bf16": (torch.randn(7, generator=g) * 1e-3).to(torch.bfloat16),
        "d.i64": torch.arange(-3, 3, dtype=torch.int64).reshape(2, 3),
        "e.scalar": torch.tensor(2.5),
    }
    names = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}
    header, blobs, offset = {"__metadata__": {"written_by": "python"}}, [], 0
    for name, t in tensors.items():
        raw = t.contiguous().view(torch.uint8).numpy().tobytes() if t.dim() else \
            t.reshape(1).view(torch.uint8).numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    print(json.dumps({n: t.float().reshape(-1).tolist() for n, t in tensors.items()}))


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    out = {"__metadata__": header.pop("__metadata__", {})}
    for name, info in header.items():
        b, e = info["data_offsets"]
        t = torch.frombuffer(bytearray(body[b:e]), dtype=DTYPES[info["dtype"]]) if e > b else torch.zeros(0)
        out[name] = {"dtype": info["dtype"], "shape": info["shape"], "values": t.double().tolist()}
    print(json.dumps(out))


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
