#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the real files: the data
sets in ../shared/data, the shipped models in zoo/, the configs in configs/ and the zero-shot test
fixtures; pickles and zip archives come from Debian's python3-torch (torch.save), as no real
pytorch_model.bin is shipped. Every seed is cut small (a header plus a few bytes, a few lines);
fuzz/corpus/README.md says where each one comes from.

    /usr/bin/python3 fuzz/make_seeds.py [--data ../shared/data]
"""
import argparse
import collections
import io
import json
import os
import shutil
import struct
import sys
import zipfile

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "scripts"))
from make_tiny_llama import to_zip64  # noqa: E402  (the zip64 form the checkpoint tests use)

CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def first_lines(path, count, skip=0):
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    return b"\n".join(lines[skip:skip + count]) + b"\n"


def safetensors_bytes(tensors):
    header, data = {"__metadata__": {"format": "pt"}}, b""
    for name, (dtype, shape, size) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + size]}
        data += bytes(range(size % 256)) + bytes(size - size % 256)
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


def torch_save(state):
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


def data_pkl(archive):
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return z.read(next(n for n in z.namelist() if n.endswith("/data.pkl")))


def llama2c_bytes(dim, hidden, layers, heads, kv_heads, vocab, seq_len):
    head_dim = dim // heads
    per_layer = 2 * dim + 3 * hidden * dim + 2 * heads * head_dim * dim + 2 * kv_heads * head_dim * dim
    floats = abs(vocab) * dim * (1 if vocab > 0 else 2) + layers * per_layer + dim + 2 * seq_len * (head_dim // 2)
    return struct.pack("<7i", dim, hidden, layers, heads, kv_heads, vocab, seq_len) + struct.pack(f"<{floats}f", *[0.5] * floats)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    data = parser.parse_args().data
    if not os.path.isdir(data):
        sys.exit(f"make_seeds: {data} is missing (the shared data sets)")
    # Overwrites its own seeds only: inputs that once crashed a target stay beside them.

    # safetensors: the shipped models' headers plus 32 bytes; tiny complete files of each dtype.
    for model in ("tiny-openllama", "tiny-longllama"):
        with open(os.path.join(ROOT, "zoo", model, "model.safetensors"), "rb") as f:
            length = struct.unpack("<Q", f.read(8))[0]
            f.seek(0)
            write("fuzz_safetensors_header", f"{model}-header", f.read(8 + length + 32))
    write("fuzz_safetensors_header", "tiny-f32-f16-bf16",
          safetensors_bytes({"a": ("F32", [2, 2], 16), "b": ("F16", [3], 6), "c": ("BF16", [1, 2], 4), "d": ("F32", [0], 0)}))

    # pickles and zip archives: torch.save of small state dicts (plain, OrderedDict with _metadata,
    # parameters, every float dtype), protocol 2 as transformers saves.
    linear = torch.nn.Linear(3, 2)
    states = {
        "state-dict-f32": collections.OrderedDict(w=torch.zeros(2, 3), b=torch.ones(3)),
        "module-state-dict": linear.state_dict(),
        "parameters-f16-bf16": {"p": torch.nn.Parameter(torch.zeros(2, 2, dtype=torch.float16)),
                                "q": torch.zeros(4, dtype=torch.bfloat16)[1:3], "t": torch.zeros(3, 2).t()},
    }
    for name, state in states.items():
        archive = torch_save(state)
        write("fuzz_pickle", name + ".pkl", data_pkl(archive))
        write("fuzz_zip_directory", name + ".bin", archive)
    write("fuzz_zip_directory", "state-dict-f32-zip64.bin", to_zip64(torch_save(states["state-dict-f32"])))

    # llama2.c: stories260K's header plus 36 bytes; complete tiny files, tied and untied.
    with open(os.path.join(data, "stories260K", "stories260K.bin"), "rb") as f:
        write("fuzz_llama2c_header", "stories260K-header", f.read(64))
    write("fuzz_llama2c_header", "tiny-tied", llama2c_bytes(4, 4, 1, 2, 1, 3, 2))
    write("fuzz_llama2c_header", "tiny-untied", llama2c_bytes(2, 2, 2, 1, 1, -2, 1))

    # shard indexes: the shipped model's tensor names over two shards, in both index forms.
    with open(os.path.join(ROOT, "zoo", "tiny-openllama", "model.safetensors"), "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        names = sorted(n for n in json.loads(f.read(length)) if n != "__metadata__")
    for stem, ext in (("model", "safetensors"), ("pytorch_model", "bin")):
        weight_map = {n: f"{stem}-{1 + i % 2:05d}-of-00002.{ext}" for i, n in enumerate(names[:12])}
        write("fuzz_shard_index", f"{stem}.{ext}.index.json",
              json.dumps({"metadata": {"total_size": 3609088}, "weight_map": weight_map}, indent=2))

    # config.json: the shipped models'.
    for model in ("tiny-openllama", "tiny-longllama"):
        write("fuzz_model_config", model, open(os.path.join(ROOT, "zoo", model, "config.json"), "rb").read())

    # run configs: the shipped examples and the quickstart.
    for name in ("quickstart.yaml", "examples/mock_passkey.yaml", "examples/icl-small.yaml",
                 "examples/zeroshot-small.yaml", "examples/stories260k_passkey.yaml"):
        write("fuzz_run_config", os.path.basename(name), open(os.path.join(ROOT, "configs", name), "rb").read())

    # TREC: a few lines of each file, one of them train's line with the non-UTF-8 byte 0xF0.
    trec = os.path.join(data, "trec")
    write("fuzz_trec", "TREC_10-head", first_lines(os.path.join(trec, "TREC_10.label"), 8))
    write("fuzz_trec", "train_5500-head", first_lines(os.path.join(trec, "train_5500.label"), 8))
    with open(os.path.join(trec, "train_5500.label"), "rb") as f:
        write("fuzz_trec", "train_5500-0xF0-line", next(l for l in f if b"\xf0" in l))

    # WebQuestions: the first three objects of each file, as a JSON array.
    for split in ("train", "test"):
        with open(os.path.join(data, "webquestions", f"webquestions.examples.{split}.json"), "rb") as f:
            lines = f.read().split(b"\n")
        write("fuzz_webqs", f"{split}-head", b"\n".join(lines[:4]).rstrip(b",") + b"\n]\n")

    # Zero-shot: a few lines of each real file and the test fixtures of the data sets not shipped.
    zeroshot = [("arc", "ARC-Easy-Test.jsonl", 3), ("arc", "ARC-Challenge-Dev.jsonl", 2), ("boolq", "val.jsonl", 2),
                ("openbookqa", "test.tsv", 4), ("piqa", "valid.jsonl", 3)]
    for folder, name, count in zeroshot:
        write("fuzz_zeroshot_data", f"{folder}-{name}", first_lines(os.path.join(data, folder, name), count))
    fixtures = os.path.join(ROOT, "tests", "zeroshot", "fixtures")
    for folder, _, files in sorted(os.walk(fixtures)):
        for name in sorted(files):
            seed = os.path.relpath(os.path.join(folder, name), fixtures).replace("/", "-")
            write("fuzz_zeroshot_data", seed, open(os.path.join(folder, name), "rb").read())


if __name__ == "__main__":
    main()
