#!/usr/bin/python3
"""Independent LongLLaMA (FoT) reference on a random tiny checkpoint, for tests/fot.

Written only from docs/longllama-semantics.md sections 2-6 (not from the C++ code, not from transformers):
- A.4 LLaMA layers: RMSNorm in fp32, rotate_half RoPE, SiLU MLP, untied LM head, scale 1/sqrt(hd).
- A.5 windowing: the first max(T - lcl, 0) tokens are cut into windows of L (last takes the remainder),
  each a call without local cache; memory layers attend [causal window | all memory] and append the
  window's raw (k, v) to memory after the attention; the last lcl tokens go to the local cache.
- A.6 one fp32 softmax over [local | memory], scores clamped at -1e6 after the additive mask.
- A.7 window-relative positions (pos - min(pos of current local keys)); memory keys are raw k_proj
  outputs (RoPE position 0) stored in mem_dtype, values raw v_proj outputs.
- A.8 generation token by token with the local cache; when past_local + new > L the whole previous local
  cache moves to memory (memory layers) or is dropped (other layers) before the current attention.

Writes into --out:
  model/config.json, model/model.safetensors   the random checkpoint (fp32, HF names, untied head)
  meta.json                                    cases, ids, shapes, tolerances, diagnostics (see below)
  <case>.prefill.f32                           logits for all T input positions, [T, V] little-endian fp32
  <case>.steps.f32                             [n_generate, V]: row i = logits that chose generated_ids[i]
                                               (row 0 = last prefill row; row i>0 = after feeding generated_ids[i-1])
  short_plain.f32                              plain causal LLaMA logits of the short case's input [T, V]
  extend.f32                                   later calls after the long case's prefill (meta "extend"):
                                               the logits of every chunk's tokens, chunks concatenated
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np
import torch

L = 32            # max_position_embeddings = window = largest local cache
LCL = 16          # last_context_length
N_GENERATE = 40
CONFIG = {
    "architectures": ["LongLlamaForCausalLM"],
    "model_type": "longllama",
    "vocab_size": 101,
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 8,
    "num_attention_heads": 4,
    "num_key_value_heads": 4,
    "max_position_embeddings": L,
    "rms_norm_eps": 1e-6,
    "rope_theta": 10000.0,
    "hidden_act": "silu",
    "tie_word_embeddings": False,
    "torch_dtype": "float32",
    "bos_token_id": 1,
    "eos_token_id": 2,
    "pad_token_id": 0,
    "use_cache": True,
    "mem_layers": [1, 3, 5],
    "last_context_length": LCL,
    "mem_dtype": "bfloat16",
    "mem_positionals": True,
    "mem_attention_grouping": None,
    "torch_attention": False,
    "rope_scaling": None,
}
MEM_DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16}
MIN_SCORE = -1e6
MIN_MARGIN = 0.02  # smallest accepted gap between the two best logits at each greedy step
QK_GAIN = 1.0     # init scale of q/k projections (larger makes attention peakier and the model more chaotic)
HEAD_GAIN = 4.0   # init scale of the LM head (spreads the logits, widening greedy margins)
# Stated tolerances (max abs logit difference) for the C++ comparison. bf16 memory: an fp32 rounding
# difference can flip a stored bf16 element by one ulp; the probe below bounds what that does here.
TOLERANCE = {"float32": 1e-4, "bfloat16": 1e-2}
NOISE = 1e-6      # relative k/v noise of the sensitivity probe (above fp32 summation-order differences)


def random_weights(seed):
    g = torch.Generator().manual_seed(seed)
    c = CONFIG
    hid, inter, vocab = c["hidden_size"], c["intermediate_size"], c["vocab_size"]

    def lin(out_f, in_f, gain=1.0):
        return torch.randn(out_f, in_f, generator=g) * (gain / math.sqrt(in_f))

    def norm():
        return 1.0 + 0.1 * torch.randn(hid, generator=g)

    w = {"model.embed_tokens.weight": torch.randn(vocab, hid, generator=g)}
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "self_attn.q_proj.weight"] = lin(hid, hid, QK_GAIN)
        w[p + "self_attn.k_proj.weight"] = lin(hid, hid, QK_GAIN)
        w[p + "self_attn.v_proj.weight"] = lin(hid, hid)
        w[p + "self_attn.o_proj.weight"] = lin(hid, hid)
        w[p + "mlp.gate_proj.weight"] = lin(inter, hid)
        w[p + "mlp.up_proj.weight"] = lin(inter, hid)
        w[p + "mlp.down_proj.weight"] = lin(hid, inter)
        w[p + "input_layernorm.weight"] = norm()
        w[p + "post_attention_layernorm.weight"] = norm()
    w["model.norm.weight"] = norm()
    w["lm_head.weight"] = lin(vocab, hid, HEAD_GAIN)
    return {k: v.float().contiguous() for k, v in w.items()}


class LayerCache:
    def __init__(self, heads, hd, mem_dtype):
        self.local_k = torch.zeros(heads, 0, hd)    # raw k_proj (pre-RoPE)
        self.local_v = torch.zeros(heads, 0, hd)
        self.local_pos = torch.zeros(0, dtype=torch.long)
        self.mem_k = torch.zeros(heads, 0, hd, dtype=mem_dtype)  # raw k_proj = rotated at position 0
        self.mem_v = torch.zeros(heads, 0, hd, dtype=mem_dtype)


class TinyLongLlama:
    """variant: 'reference', 'no_memory' (no layer keeps memory), 'flush_drops' (flush discards everywhere)."""

    def __init__(self, w, mem_dtype, variant="reference", kv_noise=0.0, noise_seed=0):
        self.w = w
        self.c = CONFIG
        self.heads = self.c["num_attention_heads"]
        self.hd = self.c["hidden_size"] // self.heads
        self.mem_dtype = MEM_DTYPES[mem_dtype]
        self.mem_layers = set() if variant == "no_memory" else set(self.c["mem_layers"])
        self.flush_to_memory = variant != "flush_drops"
        self.kv_noise = kv_noise  # relative noise on k/v before storing in memory (sensitivity probe)
        self.noise_gen = torch.Generator().manual_seed(noise_seed)
        self.caches = [LayerCache(self.heads, self.hd, self.mem_dtype) for _ in range(self.c["num_hidden_layers"])]
        self.next_pos = 0
        self.flushes = 0
        inv = 1.0 / (self.c["rope_theta"] ** (torch.arange(0, self.hd, 2, dtype=torch.float64) / self.hd))
        self.inv_freq = inv

    # --- A.4 building blocks -------------------------------------------------------------------
    def rmsnorm(self, x, weight):
        x32 = x.float()
        return (x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.c["rms_norm_eps"])) * weight

    def rope(self, x, positions):  # x [H, t, hd], rotate_half layout
        ang = positions.to(torch.float64)[:, None] * self.inv_freq[None, :]
        emb = torch.cat([ang, ang], dim=-1)
        cos, sin = emb.cos().float(), emb.sin().float()
        half = self.hd // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
        return x * cos + rotated * sin

    def to_memory(self, t):
        if self.kv_noise > 0:
            t = t * (1.0 + self.kv_noise * torch.randn(t.shape, generator=self.noise_gen))
        return t.to(self.mem_dtype)

    def proj(self, name, x):
        return x @ self.w[name].t()

    def heads_of(self, x):  # [t, hidden] -> [H, t, hd]
        return x.view(x.shape[0], self.heads, self.hd).transpose(0, 1)

    # --- A.6 / A.7 / A.8 attention of one layer ------------------------------------------------
    def attention(self, i, h, positions, use_cache):
        p = f"model.layers.{i}.self_attn."
        q = self.heads_of(self.proj(p + "q_proj.weight", h))
        k = self.heads_of(self.proj(p + "k_proj.weight", h))
        v = self.heads_of(self.proj(p + "v_proj.weight", h))
        cache = self.caches[i]
        is_mem = i in self.mem_layers
        t = h.shape[0]
        if use_cache:
            if cache.local_k.shape[1] > 0 and cache.local_k.shape[1] + t > L:  # flush rule, before attention
                if is_mem and self.flush_to_memory:
                    cache.mem_k = torch.cat([cache.mem_k, self.to_memory(cache.local_k)], dim=1)
                    cache.mem_v = torch.cat([cache.mem_v, self.to_memory(cache.local_v)], dim=1)
                if i == 0:
                    self.flushes += 1
                cache.local_k = cache.local_k[:, :0]
                cache.local_v = cache.local_v[:, :0]
                cache.local_pos = cache.local_pos[:0]
            keys = torch.cat([cache.local_k, k], dim=1)
            values = torch.cat([cache.local_v, v], dim=1)
            key_pos = torch.cat([cache.local_pos, positions])
        else:
            keys, values, key_pos = k, v, positions
        rel = key_pos - key_pos.min()
        q_rot = self.rope(q, rel[-t:])
        k_rot = self.rope(keys, rel)
        scale = 1.0 / math.sqrt(self.hd)
        visible = key_pos[None, :] <= positions[:, None]  # [t, n_keys]
        mask = torch.where(visible, torch.tensor(0.0), torch.tensor(torch.finfo(torch.float32).min))
        local_scores = torch.clamp(q_rot @ k_rot.transpose(1, 2) * scale + mask, min=MIN_SCORE)
        if is_mem:
            mem_scores = torch.clamp(q_rot @ cache.mem_k.float().transpose(1, 2) * scale, min=MIN_SCORE)
            probs = torch.softmax(torch.cat([local_scores, mem_scores], dim=-1).float(), dim=-1)
            n = keys.shape[1]
            out = probs[..., :n] @ values + probs[..., n:] @ cache.mem_v.float()
        else:
            out = torch.softmax(local_scores.float(), dim=-1) @ values
        if use_cache:
            cache.local_k, cache.local_v, cache.local_pos = keys, values, key_pos
        elif is_mem:  # prefix window: append after the attention
            cache.mem_k = torch.cat([cache.mem_k, self.to_memory(k)], dim=1)
            cache.mem_v = torch.cat([cache.mem_v, self.to_memory(v)], dim=1)
        return self.proj(p + "o_proj.weight", out.transpose(0, 1).reshape(t, -1))

    def call(self, ids, use_cache):
        """One model call on consecutive tokens; returns logits [t, V]."""
        positions = torch.arange(self.next_pos, self.next_pos + len(ids))
        self.next_pos += len(ids)
        x = self.w["model.embed_tokens.weight"][torch.tensor(ids)]
        for i in range(self.c["num_hidden_layers"]):
            p = f"model.layers.{i}."
            x = x + self.attention(i, self.rmsnorm(x, self.w[p + "input_layernorm.weight"]), positions, use_cache)
            h = self.rmsnorm(x, self.w[p + "post_attention_layernorm.weight"])
            gate = self.proj(p + "mlp.gate_proj.weight", h)
            up = self.proj(p + "mlp.up_proj.weight", h)
            x = x + self.proj(p + "mlp.down_proj.weight", torch.nn.functional.silu(gate) * up)
        return self.proj("lm_head.weight", self.rmsnorm(x, self.w["model.norm.weight"]))

    # --- A.5 windowing and A.8 generation --------------------------------------------------------
    def prefill(self, ids):
        mem_input_length = max(len(ids) - LCL, 0)
        parts = []
        for w0 in range(0, mem_input_length, L):
            parts.append(self.call(ids[w0:min(w0 + L, mem_input_length)], use_cache=False))
        parts.append(self.call(ids[mem_input_length:], use_cache=True))
        return torch.cat(parts, dim=0)

    def later_call(self, ids):
        """A call with the previous caches (past_key_values), as multi-turn use makes it: A.5 with a local
        cache, so the first max(T - lcl, 0) tokens go in windows of L and every window and the rest go
        through the local cache under the flush rule of A.8."""
        mem_input_length = max(len(ids) - LCL, 0)
        parts = []
        for w0 in range(0, mem_input_length, L):
            parts.append(self.call(ids[w0:min(w0 + L, mem_input_length)], use_cache=True))
        parts.append(self.call(ids[mem_input_length:], use_cache=True))
        return torch.cat(parts, dim=0)

    def local_tokens(self):
        return self.caches[0].local_k.shape[1]

    def generate(self, ids, n):
        prefill = self.prefill(ids)
        steps = [prefill[-1]]
        generated = []
        flush_steps = []
        for step in range(n):
            generated.append(int(torch.argmax(steps[-1])))
            if step + 1 == n:
                break
            before = self.flushes
            steps.append(self.call([generated[-1]], use_cache=True)[-1])
            if self.flushes != before:
                flush_steps.append(step + 1)  # the feed that produced steps[step + 1]
        return prefill, torch.stack(steps), generated, flush_steps

    def memory_tokens(self):
        return {i: self.caches[i].mem_k.shape[1] for i in sorted(self.mem_layers)}


# Later calls after the long case's prefill (local cache 16 of 32): 5, 9 fill it to 30; 4 flushes it
# (30 tokens to memory); 20 > lcl runs a window of 4 and then 16 through the cache; 1 and 3 fill it to
# 28; 6 flushes again.
EXTEND_CHUNKS = [5, 9, 4, 20, 1, 3, 6]


def run_extend(w, ids, chunks, mem_dtype, **kw):
    model = TinyLongLlama(w, mem_dtype, **kw)
    model.prefill(ids)
    logits, memory, local, flushed = [], [], [], []
    for i, chunk in enumerate(chunks):
        before = model.flushes
        logits.append(model.later_call(chunk))
        if model.flushes != before:
            flushed.append(i)
        memory.append(model.memory_tokens()[CONFIG["mem_layers"][0]])
        local.append(model.local_tokens())
    return torch.cat(logits, dim=0), memory, local, flushed


def plain_llama_logits(w, ids):
    """Plain causal LLaMA over the whole input at positions 0..T-1 (no windows, no memory)."""
    model = TinyLongLlama(w, "float32", variant="no_memory")
    return model.call(ids, use_cache=True)


def margins(step_logits):
    top2 = torch.topk(step_logits, 2, dim=-1).values
    return (top2[:, 0] - top2[:, 1]).tolist()


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        data = tensors[name].numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def write_f32(path, tensor):
    tensor.detach().numpy().astype("<f4").tofile(path)


CASES = [
    # name, number of input tokens
    ("long", 5 * L + LCL),         # five full prefix windows into memory, lcl tokens into the local cache
    ("ragged", 4 * L + 10 + LCL),  # the last prefix window holds the remainder (10 tokens)
    ("short", 12),                 # T <= lcl: no prefix windows; equals plain LLaMA until the first flush
]


def run_case(w, ids, mem_dtype, **kw):
    model = TinyLongLlama(w, mem_dtype, **kw)
    prefill, steps, generated, flush_steps = model.generate(ids, N_GENERATE)
    return model, prefill, steps, generated, flush_steps


def probe(w, r, noise_seed=0):
    """Max abs logit change when memory k/v get relative NOISE before storage; inf if any generated id changes."""
    _, prefill, steps, generated, _ = run_case(w, r["ids"], r["mem_dtype"], kv_noise=NOISE, noise_seed=noise_seed)
    if generated != r["generated"]:
        return float("inf")
    return max(float((prefill - r["prefill"]).abs().max()), float((steps - r["steps"]).abs().max()))


def evaluate(seed):
    """Returns (weights, results) or None when this seed gives EOS, near-ties or a too sensitive model."""
    w = random_weights(seed)
    rng = np.random.default_rng(seed + 1000)
    results = []
    for name, length in CASES:
        ids = [1] + [int(x) for x in rng.integers(3, CONFIG["vocab_size"], size=length - 1)]
        for mem_dtype in ("float32", "bfloat16"):
            model, prefill, steps, generated, flush_steps = run_case(w, ids, mem_dtype)
            m = margins(steps)
            if CONFIG["eos_token_id"] in generated or min(m) < MIN_MARGIN:
                return None
            r = dict(name=name, ids=ids, mem_dtype=mem_dtype, prefill=prefill, steps=steps, generated=generated,
                     flush_steps=flush_steps, margins=m, memory_after=model.memory_tokens())
            r["probe"] = probe(w, r)
            if r["probe"] > TOLERANCE[mem_dtype] / 5:
                return None
            results.append(r)
    return w, results


def diagnostics(w, r):
    """How much the golden depends on memory and on the flush rule moving the local cache to memory."""
    out = {"kv_noise_probe": {"relative_noise": NOISE, "max_abs_logit_diff": r["probe"]}}
    for variant in ("no_memory", "flush_drops"):
        _, prefill, steps, generated, _ = run_case(w, r["ids"], r["mem_dtype"], variant=variant)
        out[variant] = {
            "max_abs_diff_prefill": float((prefill - r["prefill"]).abs().max()),
            "max_abs_diff_steps": float((steps - r["steps"]).abs().max()),
            "first_differing_generated_index": next(
                (i for i, (a, b) in enumerate(zip(generated, r["generated"])) if a != b), None),
        }
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--first-seed", type=int, default=4,
                        help="first weight seed tried; 4 is the first acceptable one searching from 0")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)

    for seed in range(args.first_seed, args.first_seed + 100):
        found = evaluate(seed)
        if found:
            break
    else:
        sys.exit("fot_reference: no seed in 100 tries gives EOS-free greedy runs with margins >= %g" % MIN_MARGIN)
    w, results = found

    model_dir = os.path.join(args.out, "model")
    os.makedirs(model_dir, exist_ok=True)
    with open(os.path.join(model_dir, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
    write_safetensors(os.path.join(model_dir, "model.safetensors"), w)

    cases = []
    for r in results:
        case = f"{r['name']}_{'fp32' if r['mem_dtype'] == 'float32' else 'bf16'}"
        write_f32(os.path.join(args.out, case + ".prefill.f32"), r["prefill"])
        write_f32(os.path.join(args.out, case + ".steps.f32"), r["steps"])
        diag = diagnostics(w, r)
        if r["name"] != "short":  # the golden must depend on memory and on the flush moving tokens to memory
            assert diag["no_memory"]["max_abs_diff_prefill"] > 1.0, diag
        assert diag["flush_drops"]["max_abs_diff_steps"] > 1.0, diag
        assert r["flush_steps"], f"{case}: generation must cross a flush"
        cases.append({
            "name": case,
            "mem_dtype": r["mem_dtype"],
            "input_ids": r["ids"],
            "num_input_tokens": len(r["ids"]),
            "prefix_windows": [min(L, max(len(r["ids"]) - LCL, 0) - w0)
                               for w0 in range(0, max(len(r["ids"]) - LCL, 0), L)],
            "generated_ids": r["generated"],
            "prefill_logits": {"file": case + ".prefill.f32", "shape": list(r["prefill"].shape)},
            "step_logits": {"file": case + ".steps.f32", "shape": list(r["steps"].shape)},
            "flush_steps": r["flush_steps"],
            "memory_tokens_after_generation": {str(k): v for k, v in r["memory_after"].items()},
            "min_greedy_margin": min(r["margins"]),
            "tolerance": TOLERANCE[r["mem_dtype"]],
            "diagnostics": diag,
        })

    short = next(r for r in results if r["name"] == "short" and r["mem_dtype"] == "float32")
    plain = plain_llama_logits(w, short["ids"])
    assert torch.allclose(plain, short["prefill"], atol=1e-6, rtol=0), "T <= lcl must equal plain LLaMA"
    write_f32(os.path.join(args.out, "short_plain.f32"), plain)

    long_fp32 = next(r for r in results if r["name"] == "long" and r["mem_dtype"] == "float32")
    rng = np.random.default_rng(seed + 2000)
    chunks = [[int(x) for x in rng.integers(3, CONFIG["vocab_size"], size=n)] for n in EXTEND_CHUNKS]
    ext_logits, ext_memory, ext_local, ext_flushed = run_extend(w, long_fp32["ids"], chunks, "float32")
    dropped, _, _, _ = run_extend(w, long_fp32["ids"], chunks, "float32", variant="flush_drops")
    assert ext_flushed == [2, 6], ext_flushed
    write_f32(os.path.join(args.out, "extend.f32"), ext_logits)

    meta = {
        "format": 1,
        "description": "LongLLaMA reference (docs/longllama-semantics.md sections 2-6) on a random tiny checkpoint; "
                       "logits are little-endian float32, row-major",
        "model_dir": "model",
        "seed": seed,
        "window": L,
        "last_context_length": LCL,
        "mem_layers": CONFIG["mem_layers"],
        "vocab_size": CONFIG["vocab_size"],
        "num_generate": N_GENERATE,
        "step_logits_rows": "row 0 = last prefill row; row i > 0 = logits after feeding generated_ids[i-1]; "
                            "generated_ids[i] = argmax(row i)",
        "flush_steps": "indices i of step_logits rows whose feed triggered the flush rule",
        "cases": cases,
        "plain_llama": {"case": "short_fp32", "file": "short_plain.f32", "shape": list(plain.shape),
                        "input_ids": short["ids"], "tolerance": 1e-6},
        "extend": {
            "description": "prefill of the long case's input, then each chunk as one later call with the caches "
                           "(A.5 with a local cache, flush rule A.8); logits of all chunk tokens, concatenated",
            "input_ids": long_fp32["ids"],
            "mem_dtype": "float32",
            "chunks": chunks,
            "logits": {"file": "extend.f32", "shape": list(ext_logits.shape)},
            "memory_tokens_after_chunk": ext_memory,
            "local_tokens_after_chunk": ext_local,
            "flush_chunks": ext_flushed,
            "tolerance": TOLERANCE["float32"],
            "diagnostics": {"flush_drops_max_abs_diff": float((dropped - ext_logits).abs().max())},
        },
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(f"fot_reference: seed {meta['seed']}, {len(cases)} cases written to {args.out}")


if __name__ == "__main__":
    main()
