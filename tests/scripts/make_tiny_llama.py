#!/usr/bin/python3
"""Writes random tiny LLaMA checkpoints (GQA) in every format fot-eval reads, plus golden logits.

Independent reference for the C++ checkpoint readers and the LLaMA forward: the weights come from
torch's RNG, every file format is written here by hand from its spec (safetensors, llama2.c v0) or
with torch.save, and the golden logits come from a float64 LLaMA forward written below straight from
the HF LLaMA equations (not from the C++ code).

Run: /usr/bin/python3 make_tiny_llama.py --out DIR   (Debian python3-torch 1.13 + numpy)

DIR/golden.json:
  tokens        the input ids (BOS first), logits_shape [T, V]
  goldens       name -> logits [T][V] (float64) for the forward over all of `tokens` at once
  variants      name -> {config, tensors: name -> {shape, f32|bf16|f16: {sum, wsum, first}}}
                 checksums over the HF-layout values in row-major order: sum(v), sum(v * (1 + i % 13)),
                 first 4 values; "bf16"/"f16" are of the weights rounded to that dtype
  forms         name -> {path (relative to DIR), format, variant, dtype (stored), golden (key of
                 goldens or null), notes}
  bad           name -> {path, expect: text the loader's error must contain}
DIR/forms/<form>/  an HF directory (config.json + weights) or a llama2.c .bin file
DIR/bad/<name>/    pytorch_model.bin files that must not load: hostile pickles (os.system, eval; loading
                   must run nothing: `marker` must not appear), an int64 storage, a compressed or short
                   storage record
"""
import argparse
import collections
import json
import math
import os
import shutil
import struct
import zipfile

import torch

VOCAB, HIDDEN, HEADS, KV_HEADS, LAYERS, INTERMEDIATE, MAX_POS = 97, 64, 4, 2, 3, 96, 128
HEAD_DIM = HIDDEN // HEADS
RMS_EPS = 1e-5
NUM_TOKENS = 23


# ---------------------------------------------------------------- weights

def random_weights(seed, tied):
    g = torch.Generator().manual_seed(seed)

    def normal(*shape, std):
        return torch.randn(*shape, generator=g, dtype=torch.float64).mul(std).float()

    def norm_weight():
        return (1.0 + 0.1 * torch.randn(HIDDEN, generator=g, dtype=torch.float64)).float()

    w = collections.OrderedDict()
    w["model.embed_tokens.weight"] = normal(VOCAB, HIDDEN, std=1.0)
    for i in range(LAYERS):
        p = f"model.layers.{i}."
        w[p + "input_layernorm.weight"] = norm_weight()
        w[p + "self_attn.q_proj.weight"] = normal(HEADS * HEAD_DIM, HIDDEN, std=HIDDEN ** -0.5)
        w[p + "self_attn.k_proj.weight"] = normal(KV_HEADS * HEAD_DIM, HIDDEN, std=HIDDEN ** -0.5)
        w[p + "self_attn.v_proj.weight"] = normal(KV_HEADS * HEAD_DIM, HIDDEN, std=HIDDEN ** -0.5)
        w[p + "self_attn.o_proj.weight"] = normal(HIDDEN, HEADS * HEAD_DIM, std=(HEADS * HEAD_DIM) ** -0.5)
        w[p + "post_attention_layernorm.weight"] = norm_weight()
        w[p + "mlp.gate_proj.weight"] = normal(INTERMEDIATE, HIDDEN, std=HIDDEN ** -0.5)
        w[p + "mlp.up_proj.weight"] = normal(INTERMEDIATE, HIDDEN, std=HIDDEN ** -0.5)
        w[p + "mlp.down_proj.weight"] = normal(HIDDEN, INTERMEDIATE, std=INTERMEDIATE ** -0.5)
    w["model.norm.weight"] = norm_weight()
    if not tied:
        w["lm_head.weight"] = normal(VOCAB, HIDDEN, std=HIDDEN ** -0.5)
    return w


def rounded(weights, dtype):
    return collections.OrderedDict((k, v.to(dtype)) for k, v in weights.items())


# ---------------------------------------------------------------- independent forward (HF LLaMA equations)

def rms_norm(x, weight):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + RMS_EPS) * weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def causal_attention(q, k, v):
    """q: [H, T, hd], k/v: [H, T, hd] (kv heads already repeated) -> [H, T, hd]."""
    t = q.shape[1]
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    scores = scores + torch.full((t, t), float("-inf"), dtype=scores.dtype).triu(1)
    return torch.softmax(scores, dim=-1) @ v


def mlp(h, w, p):
    gate = h @ w[p + "mlp.gate_proj.weight"].T
    up = h @ w[p + "mlp.up_proj.weight"].T
    return (torch.nn.functional.silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T


def hf_forward(weights, theta, tied, tokens):
    """Logits [T, V] in float64: rotate-half RoPE on (j, j + hd/2), inv_freq[j] = theta^(-2j/hd)."""
    w = {k: v.double() for k, v in weights.items()}
    t = len(tokens)
    x = w["model.embed_tokens.weight"][torch.tensor(tokens)]
    inv_freq = theta ** (-torch.arange(0, HEAD_DIM, 2, dtype=torch.float64) / HEAD_DIM)
    angles = torch.outer(torch.arange(t, dtype=torch.float64), inv_freq)
    cos, sin = torch.cat([angles, angles], -1).cos(), torch.cat([angles, angles], -1).sin()
    for i in range(LAYERS):
        p = f"model.layers.{i}."
        h = rms_norm(x, w[p + "input_layernorm.weight"])
        q = (h @ w[p + "self_attn.q_proj.weight"].T).view(t, HEADS, HEAD_DIM).transpose(0, 1)
        k = (h @ w[p + "self_attn.k_proj.weight"].T).view(t, KV_HEADS, HEAD_DIM).transpose(0, 1)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).view(t, KV_HEADS, HEAD_DIM).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        # GQA: query head j uses kv head j // (HEADS / KV_HEADS) (HF repeat_kv).
        k = k.repeat_interleave(HEADS // KV_HEADS, dim=0)
        v = v.repeat_interleave(HEADS // KV_HEADS, dim=0)
        attn = causal_attention(q, k, v).transpose(0, 1).reshape(t, HEADS * HEAD_DIM)
        x = x + attn @ w[p + "self_attn.o_proj.weight"].T
        x = x + mlp(rms_norm(x, w[p + "post_attention_layernorm.weight"]), w, p)
    x = rms_norm(x, w["model.norm.weight"])
    head = w["model.embed_tokens.weight"] if tied else w["lm_head.weight"]
    return x @ head.T


# ---------------------------------------------------------------- llama2.c (v0) layout and its own forward

def to_llama2c_rows(weight, heads):
    """HF rotate-half rows -> llama2.c interleaved rows: llama2.c row 2j+c of a head is HF row c*hd/2 + j."""
    rows, cols = weight.shape
    hd = rows // heads
    return weight.reshape(heads, 2, hd // 2, cols).transpose(1, 2).reshape(rows, cols)


def llama2c_forward(l2c, theta, tied, tokens):
    """llama2.c run.c maths on llama2.c-layout weights: RoPE rotates adjacent pairs (2j, 2j+1)."""
    w = {k: v.double() for k, v in l2c.items()}
    t = len(tokens)
    x = w["tok_embeddings"][torch.tensor(tokens)]
    inv_freq = theta ** (-torch.arange(0, HEAD_DIM, 2, dtype=torch.float64) / HEAD_DIM)
    angles = torch.outer(torch.arange(t, dtype=torch.float64), inv_freq)  # [T, hd/2]

    def rope_pairs(z):  # z: [H, T, hd]
        pairs = torch.view_as_complex(z.reshape(*z.shape[:-1], HEAD_DIM // 2, 2).contiguous())
        return torch.view_as_real(pairs * torch.polar(torch.ones_like(angles), angles)).reshape(z.shape)

    for i in range(LAYERS):
        h = rms_norm(x, w["rms_att"][i])
        q = rope_pairs((h @ w["wq"][i].T).view(t, HEADS, HEAD_DIM).transpose(0, 1))
        k = rope_pairs((h @ w["wk"][i].T).view(t, KV_HEADS, HEAD_DIM).transpose(0, 1))
        v = (h @ w["wv"][i].T).view(t, KV_HEADS, HEAD_DIM).transpose(0, 1)
        rep = HEADS // KV_HEADS
        attn = causal_attention(q, k.repeat_interleave(rep, 0), v.repeat_interleave(rep, 0))
        x = x + attn.transpose(0, 1).reshape(t, HIDDEN) @ w["wo"][i].T
        h = rms_norm(x, w["rms_ffn"][i])
        x = x + (torch.nn.functional.silu(h @ w["w1"][i].T) * (h @ w["w3"][i].T)) @ w["w2"][i].T
    x = rms_norm(x, w["rms_final"])
    return x @ (w["tok_embeddings"] if tied else w["wcls"]).T


def llama2c_arrays(weights, tied):
    def stack(name):
        return torch.stack([weights[f"model.layers.{i}.{name}"] for i in range(LAYERS)])

    a = collections.OrderedDict()
    a["tok_embeddings"] = weights["model.embed_tokens.weight"]
    a["rms_att"] = stack("input_layernorm.weight")
    a["wq"] = torch.stack([to_llama2c_rows(weights[f"model.layers.{i}.self_attn.q_proj.weight"], HEADS)
                           for i in range(LAYERS)])
    a["wk"] = torch.stack([to_llama2c_rows(weights[f"model.layers.{i}.self_attn.k_proj.weight"], KV_HEADS)
                           for i in range(LAYERS)])
    a["wv"] = stack("self_attn.v_proj.weight")
    a["wo"] = stack("self_attn.o_proj.weight")
    a["rms_ffn"] = stack("post_attention_layernorm.weight")
    a["w1"] = stack("mlp.gate_proj.weight")
    a["w2"] = stack("mlp.down_proj.weight")
    a["w3"] = stack("mlp.up_proj.weight")
    a["rms_final"] = weights["model.norm.weight"]
    # freq_cis as llama2.c's export writes them (theta 10000), [seq_len, hd/2] each.
    inv_freq = 10000.0 ** (-torch.arange(0, HEAD_DIM, 2, dtype=torch.float64) / HEAD_DIM)
    angles = torch.outer(torch.arange(MAX_POS, dtype=torch.float64), inv_freq)
    a["freq_cis_real"] = angles.cos().float()
    a["freq_cis_imag"] = angles.sin().float()
    if not tied:
        a["wcls"] = weights["lm_head.weight"]
    return a


def write_llama2c(path, arrays, tied):
    header = struct.pack("<7i", HIDDEN, INTERMEDIATE, LAYERS, HEADS, KV_HEADS, VOCAB if tied else -VOCAB, MAX_POS)
    with open(path, "wb") as f:
        f.write(header)
        for tensor in arrays.values():
            f.write(tensor.float().contiguous().numpy().astype("<f4").tobytes())


# ---------------------------------------------------------------- safetensors, written from the format spec

SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


def tensor_bytes(tensor):
    tensor = tensor.contiguous()
    if tensor.dtype == torch.bfloat16:
        return tensor.view(torch.int16).numpy().astype("<i2").tobytes()
    return tensor.numpy().tobytes()


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, tensor in tensors.items():
        blob = tensor_bytes(tensor)
        header[name] = {"dtype": SAFETENSORS_DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def split_shards(tensors, count):
    names = list(tensors)
    per = -(-len(names) // count)
    return [collections.OrderedDict((n, tensors[n]) for n in names[i * per:(i + 1) * per]) for i in range(count)]


def write_sharded(directory, tensors, count, pattern, index_name, writer):
    weight_map, total = {}, 0
    for i, shard in enumerate(split_shards(tensors, count)):
        file = pattern.format(i + 1, count)
        writer(os.path.join(directory, file), shard)
        for name, tensor in shard.items():
            weight_map[name] = file
            total += tensor.numel() * tensor.element_size()
    with open(os.path.join(directory, index_name), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)


def torch_save(path, tensors, protocol=2):
    torch.save(collections.OrderedDict(tensors), path, pickle_protocol=protocol)


# ---------------------------------------------------------------- configs, checksums

def to_zip64(data):
    """Rewrites a zip's central directory in zip64 form (every size and offset in the zip64 extra
    field, zip64 end records), as archives over 4 GiB have it; the local records are unchanged."""
    eocd = data.rindex(b"PK\x05\x06")
    entries, cd_size, cd_offset = struct.unpack_from("<HII", data, eocd + 10)
    pos, central = cd_offset, b""
    for _ in range(entries):
        fixed = bytearray(data[pos:pos + 46])
        csize, usize, nlen, elen, clen = struct.unpack_from("<IIHHH", fixed, 20)
        local = struct.unpack_from("<I", fixed, 42)[0]
        name = data[pos + 46:pos + 46 + nlen]
        extra = data[pos + 46 + nlen:pos + 46 + nlen + elen]
        comment = data[pos + 46 + nlen + elen:pos + 46 + nlen + elen + clen]
        extra += struct.pack("<HHQQQ", 1, 24, usize, csize, local)
        struct.pack_into("<IIHH", fixed, 20, 0xFFFFFFFF, 0xFFFFFFFF, nlen, len(extra))
        struct.pack_into("<I", fixed, 42, 0xFFFFFFFF)
        central += bytes(fixed) + name + extra + comment
        pos += 46 + nlen + elen + clen
    zip64_end = cd_offset + len(central)
    record = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, entries, entries, len(central), cd_offset)
    locator = struct.pack("<IIQI", 0x07064B50, 0, zip64_end, 1)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:cd_offset] + central + record + locator + end


def hf_config(theta, tied, dtype, longllama=False):
    c = {"architectures": ["LongLlamaForCausalLM" if longllama else "LlamaForCausalLM"],
         "model_type": "longllama" if longllama else "llama",
         "vocab_size": VOCAB, "hidden_size": HIDDEN, "intermediate_size": INTERMEDIATE,
         "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "num_key_value_heads": KV_HEADS,
         "max_position_embeddings": MAX_POS, "rms_norm_eps": RMS_EPS, "hidden_act": "silu",
         "tie_word_embeddings": tied, "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": dtype}
    if theta is not None:
        c["rope_theta"] = theta
    if longllama:
        c.update({"mem_layers": [1], "last_context_length": 32, "mem_dtype": "bfloat16", "mem_positionals": True,
                  "mem_attention_grouping": None, "torch_attention": False})
    return c


def checksums(tensor):
    flat = tensor.double().reshape(-1)
    weight = 1.0 + (torch.arange(flat.numel()) % 13).double()
    return {"sum": flat.sum().item(), "wsum": (flat * weight).sum().item(), "first": flat[:4].tolist()}


def write_config(directory, config):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump(config, f, indent=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    out = parser.parse_args().out
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "forms"))
    torch.set_num_threads(1)

    gen = torch.Generator().manual_seed(7)
    tokens = [1] + torch.randint(3, VOCAB, (NUM_TOKENS - 1,), generator=gen).tolist()

    variants = {  # name: (seed, rope_theta in config (None = absent, default 10000), tied)
        "untied": (1234, 500000.0, False),
        "tied": (2345, None, True),
        "l2c_untied": (3456, 10000.0, False),
    }
    weights = {name: random_weights(seed, tied) for name, (seed, _, tied) in variants.items()}
    golden = {"tokens": tokens, "logits_shape": [NUM_TOKENS, VOCAB], "goldens": {}, "variants": {}, "forms": {},
              "bad": {}}

    dtypes = {"f32": torch.float32, "bf16": torch.bfloat16, "f16": torch.float16}
    for name, (seed, theta, tied) in variants.items():
        golden["variants"][name] = {
            "config": hf_config(theta, tied, "float32"),
            "tensors": {k: dict({"shape": list(v.shape)}, **{d: checksums(v.to(t)) for d, t in dtypes.items()})
                        for k, v in weights[name].items()}}
        for d in (["f32", "bf16", "f16"] if name == "untied" else ["f32"]):
            logits = hf_forward(rounded(weights[name], dtypes[d]), theta or 10000.0, tied, tokens)
            golden["goldens"][f"{name}_{d}"] = logits.tolist()

    def form(name, variant, fmt, dtype, golden_key, notes="", suffix=""):
        path = os.path.join("forms", name + suffix)
        golden["forms"][name] = {"path": path, "format": fmt, "variant": variant, "dtype": dtype,
                                 "golden": golden_key, "notes": notes}
        return os.path.join(out, path)

    # --- untied (rope_theta 5e5, untied head)
    w = weights["untied"]
    cfg = {d: hf_config(500000.0, False, {"f32": "float32", "bf16": "bfloat16", "f16": "float16"}[d])
           for d in dtypes}
    for d in ["f32", "bf16", "f16"]:
        directory = form(f"untied_{d}_safetensors", "untied", "safetensors", d, f"untied_{d}")
        write_config(directory, cfg[d])
        write_safetensors(os.path.join(directory, "model.safetensors"), rounded(w, dtypes[d]))
    directory = form("untied_f32_sharded", "untied", "safetensors-sharded", "f32", "untied_f32", "3 shards")
    write_config(directory, cfg["f32"])
    write_sharded(directory, w, 3, "model-{:05d}-of-{:05d}.safetensors", "model.safetensors.index.json",
                  write_safetensors)
    directory = form("untied_f32_bin", "untied", "pytorch-bin", "f32", "untied_f32",
                     "also holds rotary_emb.inv_freq buffers (to be dropped); layer 0 q/k/v are views into one "
                     "fused storage (storage offsets), layer 1 o_proj is a transposed (strided) view")
    write_config(directory, cfg["f32"])
    with_inv_freq = collections.OrderedDict(w)
    p = "model.layers.0.self_attn."
    fused = torch.cat([w[p + "q_proj.weight"], w[p + "k_proj.weight"], w[p + "v_proj.weight"]])
    q_rows, kv_rows = HEADS * HEAD_DIM, KV_HEADS * HEAD_DIM
    with_inv_freq[p + "q_proj.weight"] = fused[:q_rows]
    with_inv_freq[p + "k_proj.weight"] = fused[q_rows:q_rows + kv_rows]
    with_inv_freq[p + "v_proj.weight"] = fused[q_rows + kv_rows:]
    o_proj = "model.layers.1.self_attn.o_proj.weight"
    with_inv_freq[o_proj] = w[o_proj].t().contiguous().t()
    assert with_inv_freq[p + "v_proj.weight"].storage_offset() > 0 and not with_inv_freq[o_proj].is_contiguous()
    inv_freq = (500000.0 ** (-torch.arange(0, HEAD_DIM, 2, dtype=torch.float64) / HEAD_DIM)).float()
    for i in range(LAYERS):
        with_inv_freq[f"model.layers.{i}.self_attn.rotary_emb.inv_freq"] = inv_freq.clone()
    torch_save(os.path.join(directory, "pytorch_model.bin"), with_inv_freq)
    directory = form("untied_bf16_bin", "untied", "pytorch-bin", "bf16", "untied_bf16",
                     "values saved as nn.Parameter (_rebuild_parameter)")
    write_config(directory, cfg["bf16"])
    torch_save(os.path.join(directory, "pytorch_model.bin"),
               {k: torch.nn.Parameter(v, requires_grad=False) for k, v in rounded(w, torch.bfloat16).items()})
    directory = form("untied_bf16_bin_sharded", "untied", "pytorch-bin-sharded", "bf16", "untied_bf16",
                     "2 shards, pickle protocol 4")
    write_config(directory, cfg["bf16"])
    write_sharded(directory, rounded(w, torch.bfloat16), 2, "pytorch_model-{:05d}-of-{:05d}.bin",
                  "pytorch_model.bin.index.json", lambda path, shard: torch_save(path, shard, protocol=4))
    directory = form("untied_f32_longllama", "untied", "safetensors", "f32", None,
                     "LongLLaMA config (mem_layers [1], last_context_length 32) over the untied weights")
    write_config(directory, hf_config(500000.0, False, "float32", longllama=True))
    write_safetensors(os.path.join(directory, "model.safetensors"), w)

    # --- tied (rope_theta absent -> 10000, lm_head = embed_tokens)
    w = weights["tied"]
    directory = form("tied_f32_safetensors", "tied", "safetensors", "f32", "tied_f32", "no lm_head stored")
    write_config(directory, hf_config(None, True, "float32"))
    write_safetensors(os.path.join(directory, "model.safetensors"), w)
    directory = form("tied_f32_bin", "tied", "pytorch-bin", "f32", "tied_f32",
                     "lm_head.weight stored, sharing the embedding's storage (as HF saves it)")
    write_config(directory, hf_config(None, True, "float32"))
    tied_sd = collections.OrderedDict(w)
    tied_sd["lm_head.weight"] = w["model.embed_tokens.weight"]
    torch_save(os.path.join(directory, "pytorch_model.bin"), tied_sd)

    directory = form("tied_f32_bin_zip64", "tied", "pytorch-bin", "f32", "tied_f32",
                     "tied_f32_bin with a zip64 central directory (as archives over 4 GiB have)")
    write_config(directory, hf_config(None, True, "float32"))
    with open(os.path.join(out, "forms", "tied_f32_bin", "pytorch_model.bin"), "rb") as f:
        zip64 = to_zip64(f.read())
    with open(os.path.join(directory, "pytorch_model.bin"), "wb") as f:
        f.write(zip64)
    with zipfile.ZipFile(os.path.join(directory, "pytorch_model.bin")) as check:
        assert check.testzip() is None and all(i.file_size < 2**32 for i in check.infolist())

    # --- llama2.c v0 files (theta 10000 is implied by the format)
    for name, tied in [("tied", True), ("l2c_untied", False)]:
        arrays = llama2c_arrays(weights[name], tied)
        theta = 10000.0
        hf = hf_forward(weights[name], theta, tied, tokens)
        l2c = llama2c_forward(arrays, theta, tied, tokens)
        assert (hf - l2c).abs().max().item() < 1e-9, "llama2.c layout disagrees with the HF layout"
        path = form(f"{name}_llama2c", name, "llama2c", "f32", f"{name}_f32",
                    "positive vocab_size (tied)" if tied else "negative vocab_size (untied, wcls last)", ".bin")
        write_llama2c(path, arrays, tied)
    directory = form("l2c_untied_f32_safetensors", "l2c_untied", "safetensors", "f32", "l2c_untied_f32")
    write_config(directory, hf_config(10000.0, False, "float32"))
    write_safetensors(os.path.join(directory, "model.safetensors"), weights["l2c_untied"])

    # --- hostile pickles: loading must fail naming the global and run nothing
    class System:
        def __init__(self, marker):
            self.marker = marker

        def __reduce__(self):
            return (os.system, ("touch " + self.marker,))

    class Eval:
        def __init__(self, marker):
            self.marker = marker

        def __reduce__(self):
            return (eval, ("open(%r, 'w').close()" % self.marker,))

    for name, payload, protocol, expect in [("evil_system", System, 2, "posix.system"),
                                            ("evil_eval_p4", Eval, 4, "builtins.eval")]:
        directory = os.path.join(out, "bad", name)
        write_config(directory, hf_config(None, True, "float32"))
        marker = os.path.join(directory, "PWNED")
        state = collections.OrderedDict(weights["tied"])
        state["model.norm.weight"] = payload(marker)
        torch.save(state, os.path.join(directory, "pytorch_model.bin"), pickle_protocol=protocol)
        golden["bad"][name] = {"path": os.path.join("bad", name), "expect": expect, "marker": marker}
    directory = os.path.join(out, "bad", "int64_storage")
    write_config(directory, hf_config(None, True, "float32"))
    state = collections.OrderedDict(weights["tied"])
    state["model.norm.weight"] = torch.arange(HIDDEN)
    torch_save(os.path.join(directory, "pytorch_model.bin"), state)
    golden["bad"]["int64_storage"] = {"path": os.path.join("bad", "int64_storage"), "expect": "unsupported storage type 'torch.LongStorage'"}

    # --- archives that are zips but whose storages cannot be mapped as the pickle declares them
    source = os.path.join(out, "forms", "tied_f32_bin", "pytorch_model.bin")
    for name, expect, edit in [
            ("compressed_storage", "is compressed", lambda rec, data: (data, zipfile.ZIP_DEFLATED)),
            ("short_storage", "record holds", lambda rec, data: (data[:-4], zipfile.ZIP_STORED))]:
        directory = os.path.join(out, "bad", name)
        write_config(directory, hf_config(None, True, "float32"))
        with zipfile.ZipFile(source) as src, zipfile.ZipFile(os.path.join(directory, "pytorch_model.bin"), "w") as dst:
            for info in src.infolist():
                data, compression = src.read(info.filename), zipfile.ZIP_STORED
                if info.filename.endswith("/data/0"):
                    data, compression = edit(info.filename, data)
                dst.writestr(info.filename, data, compress_type=compression)
        golden["bad"][name] = {"path": os.path.join("bad", name), "expect": expect}

    with open(os.path.join(out, "golden.json"), "w") as f:
        json.dump(golden, f)
    print(f"wrote {len(golden['forms'])} forms, {len(golden['goldens'])} goldens and {len(golden['bad'])} "
          f"hostile checkpoints to {out}")


if __name__ == "__main__":
    main()
