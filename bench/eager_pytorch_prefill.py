#!/usr/bin/env python3
"""Eager PyTorch baseline for bench/prefill_bench: the same stack of 3B-shaped LLaMA layers
(hidden 3200, 32 heads, MLP 8640, fp32) written the way HF's eager LlamaAttention/MLP compute it
(full causal mask, softmax over all keys). Prints one JSON line per token count."""
import argparse
import json
import math
import statistics
import time

import torch

HIDDEN, HEADS, INTER = 3200, 32, 8640
HEAD_DIM = HIDDEN // HEADS


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def rms_norm(x, w, eps=1e-6):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def make_layer():
    g = lambda *s: torch.randn(*s) * 0.02
    return dict(q=g(HIDDEN, HIDDEN), k=g(HIDDEN, HIDDEN), v=g(HIDDEN, HIDDEN), o=g(HIDDEN, HIDDEN),
                gate=g(INTER, HIDDEN), up=g(INTER, HIDDEN), down=g(HIDDEN, INTER),
                n1=torch.ones(HIDDEN), n2=torch.ones(HIDDEN))


def layer_forward(w, x, cos, sin, mask):
    t = x.shape[0]
    h = rms_norm(x, w["n1"])
    q = torch.nn.functional.linear(h, w["q"]).view(t, HEADS, HEAD_DIM).transpose(0, 1)
    k = torch.nn.functional.linear(h, w["k"]).view(t, HEADS, HEAD_DIM).transpose(0, 1)
    v = torch.nn.functional.linear(h, w["v"]).view(t, HEADS, HEAD_DIM).transpose(0, 1)
    q = q * cos + rotate_half(q) * sin
    k = k * cos + rotate_half(k) * sin
    scores = torch.matmul(q, k.transpose(1, 2)) / math.sqrt(HEAD_DIM) + mask
    probs = torch.softmax(scores, dim=-1)
    attn = torch.matmul(probs, v).transpose(0, 1).reshape(t, HIDDEN)
    x = x + torch.nn.functional.linear(attn, w["o"])
    h = rms_norm(x, w["n2"])
    mlp = torch.nn.functional.linear(
        torch.nn.functional.silu(torch.nn.functional.linear(h, w["gate"])) * torch.nn.functional.linear(h, w["up"]),
        w["down"])
    return x + mlp


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, nargs="+", default=[512, 2048])
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.manual_seed(0)
    layers = [make_layer() for _ in range(args.layers)]
    with torch.no_grad():
        for t in args.tokens:
            inv_freq = 1.0 / (10000 ** (torch.arange(0, HEAD_DIM, 2).float() / HEAD_DIM))
            freqs = torch.outer(torch.arange(t).float(), inv_freq)
            emb = torch.cat((freqs, freqs), dim=-1)
            cos, sin = emb.cos(), emb.sin()
            mask = torch.full((t, t), float("-inf")).triu(1)
            x0 = torch.randn(t, HIDDEN)
            times = []
            for _ in range(args.repeats + 1):  # the first run warms up
                start = time.perf_counter()
                x = x0
                for w in layers:
                    x = layer_forward(w, x, cos, sin, mask)
                times.append(time.perf_counter() - start)
            median = statistics.median(times[1:])
            print(json.dumps({"tokens": t, "layers": args.layers, "seconds": median, "tokens_per_s": t / median,
                              "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    main()
