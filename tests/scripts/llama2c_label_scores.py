#!/usr/bin/python3
"""Mean log-probability of candidate continuations under a llama2.c (legacy v0) checkpoint, in
float64 numpy: an independent reference for the TREC label scores of tests/icl.

The forward follows llama2.c's run.c, written from its equations here: RMSNorm (eps 1e-5), RoPE on
adjacent pairs (2i, 2i+1) of each head with theta 10000, grouped-query attention, SwiGLU, the
classifier tied to the embedding (positive vocab_size in the header).

Input JSON: {"items": [{"context": [ids...], "candidates": [[ids...], ...]}, ...]}
Output JSON: {"items": [{"scores": [mean log p(candidate token | all before), ...]}, ...]}

Run: /usr/bin/python3 llama2c_label_scores.py --checkpoint stories260K.bin --input IN --output OUT
"""
import argparse
import json
import struct

import numpy as np


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    dim, hidden, layers, heads, kv_heads, vocab, seq_len = struct.unpack("<7i", data[:28])
    assert vocab > 0, "only checkpoints with a tied classifier"
    values = np.frombuffer(data, dtype="<f4", offset=28).astype(np.float64)
    head = dim // heads
    shapes = [("emb", (vocab, dim)), ("rms_att", (layers, dim)), ("wq", (layers, dim, dim)),
              ("wk", (layers, kv_heads * head, dim)), ("wv", (layers, kv_heads * head, dim)),
              ("wo", (layers, dim, dim)), ("rms_ffn", (layers, dim)), ("w1", (layers, hidden, dim)),
              ("w2", (layers, dim, hidden)), ("w3", (layers, hidden, dim)), ("rms_final", (dim,))]
    w, pos = {}, 0
    for name, shape in shapes:
        n = int(np.prod(shape))
        w[name] = values[pos:pos + n].reshape(shape)
        pos += n
    w["config"] = dict(dim=dim, layers=layers, heads=heads, kv_heads=kv_heads, head=head, seq_len=seq_len)
    return w


def rmsnorm(x, weight):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + 1e-5) * weight


def rope(x, positions, head):  # x [T, H, head], adjacent pairs
    i = np.arange(0, head, 2)
    freq = 1.0 / (10000.0 ** (i / head))
    angle = positions[:, None] * freq[None, :]  # [T, head/2]
    cos, sin = np.cos(angle)[:, None, :], np.sin(angle)[:, None, :]
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def forward(w, ids, cache):
    """Logits of `ids` following the tokens already in `cache` (per layer [k, v]); extends the cache."""
    c = w["config"]
    T, H, KV, hd = len(ids), c["heads"], c["kv_heads"], c["head"]
    past = cache[0][0].shape[0] if cache else 0
    assert past + T <= c["seq_len"], f"{past + T} tokens exceed the model's {c['seq_len']}"
    x = w["emb"][np.array(ids)]
    positions = np.arange(past, past + T, dtype=np.float64)
    visible = np.tril(np.ones((T, past + T), dtype=bool), k=past)  # query t sees keys 0..past+t
    for layer in range(c["layers"]):
        h = rmsnorm(x, w["rms_att"][layer])
        q = rope((h @ w["wq"][layer].T).reshape(T, H, hd), positions, hd)
        k = rope((h @ w["wk"][layer].T).reshape(T, KV, hd), positions, hd)
        v = (h @ w["wv"][layer].T).reshape(T, KV, hd)
        if len(cache) <= layer:
            cache.append([k[:0], v[:0]])
        cache[layer][0] = k = np.concatenate([cache[layer][0], k])
        cache[layer][1] = v = np.concatenate([cache[layer][1], v])
        group = H // KV
        out = np.empty((T, H, hd))
        for head in range(H):
            kv = head // group
            scores = q[:, head, :] @ k[:, kv, :].T / np.sqrt(hd)
            top = np.where(visible, scores, -np.inf).max(axis=-1, keepdims=True)
            weights = np.exp(np.where(visible, scores - top, 0.0)) * visible
            out[:, head, :] = (weights / weights.sum(axis=-1, keepdims=True)) @ v[:, kv, :]
        x = x + out.reshape(T, -1) @ w["wo"][layer].T
        h = rmsnorm(x, w["rms_ffn"][layer])
        gate = h @ w["w1"][layer].T
        x = x + ((gate / (1.0 + np.exp(-gate))) * (h @ w["w3"][layer].T)) @ w["w2"][layer].T
    return rmsnorm(x, w["rms_final"]) @ w["emb"].T


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def candidate_scores(w, context, candidates):
    """Mean log p(candidate token | context and the candidate's earlier tokens), per candidate."""
    cache = []
    last = log_softmax(forward(w, context, cache)[-1])
    scores = []
    for candidate in candidates:
        branch = [[k.copy(), v.copy()] for k, v in cache]
        logp = np.vstack([last, log_softmax(forward(w, candidate[:-1], branch))]) if len(candidate) > 1 else last[None]
        scores.append(float(np.mean([logp[i, t] for i, t in enumerate(candidate)])))
    return scores


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    w = load(args.checkpoint)
    with open(args.input) as f:
        items = json.load(f)["items"]
    out = [{"scores": candidate_scores(w, item["context"], item["candidates"])} for item in items]
    with open(args.output, "w") as f:
        json.dump({"items": out}, f)


if __name__ == "__main__":
    main()
