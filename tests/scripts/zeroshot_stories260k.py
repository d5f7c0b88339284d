#!/usr/bin/python3
"""Per-request log-likelihoods of stories260K on 25 items each of ARC-Easy, PIQA, BoolQ and
OpenBookQA, built the way lm-evaluation-harness v0.3.0 builds them, for tests/zeroshot.

Independent of the C++: the data files are read here (arc/piqa/boolq/openbookqa under --data), the
requests follow the v0.3.0 task code (docs/lmeval-v03-parity.md section 2), the documents are
ordered by Python's random.Random(42).shuffle and cut to the first 25 (--limit 25), the tokens come
from Debian's python3-sentencepiece with tok512.model, and the scores from a float64 NumPy LLaMA
forward written from the llama2.c format described in stories260K/PROVENANCE.md.

Tokenization modes (section 3 and 6): "v0.3" encodes context and continuation separately;
"v0.4" moves trailing context whitespace into the continuation and splits a joint encode
(BaseLM._encode_pair). With bos, BOS (id 1) goes first. Window (seq_len 512): keep at most 513
tokens of context + continuation, dropping the oldest context tokens (BOS stays first); the model
reads all but the last of them.

Writes --out/zeroshot_stories260k.json:
  {"window": 512, "limit": 25,
   "runs": [{"task", "mode", "bos", "items": [{"doc_index", "gold", "choices", "requests": [[ctx, cont]],
             "context_ids", "continuation_ids", "lls", "acc", "acc_norm"}]}]}
"""
import argparse
import csv
import json
import os
import random
import struct

import numpy as np
import sentencepiece as spm

LIMIT = 25
BOS, EOS = 1, 2


# --- data, following the HF loaders and the v0.3.0 task classes ----------------------------------
def arc_docs(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            key = {"1": "A", "2": "B", "3": "C", "4": "D", "5": "E"}.get(row["answerKey"], row["answerKey"])
            docs.append({"query": "Question: " + row["question"]["stem"] + "\nAnswer:",
                         "choices": [c["text"] for c in row["question"]["choices"]],
                         "gold": ["A", "B", "C", "D", "E"].index(key)})
    return docs


def piqa_docs(path, labels_path):
    with open(labels_path) as f:
        labels = [int(x) for x in f.read().split()]
    docs = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            row = json.loads(line)
            docs.append({"query": "Question: " + row["goal"] + "\nAnswer:", "choices": [row["sol1"], row["sol2"]],
                         "gold": labels[i]})
    return docs


def boolq_docs(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            label = row["label"] if isinstance(row["label"], bool) else row["label"] == "true"
            docs.append({"query": row["passage"] + "\nQuestion: " + row["question"] + "?\nAnswer:",
                         "choices": ["yes", "no"], "label": int(label)})
    return docs


def openbookqa_docs(path):
    docs = []
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows[1:]:
        text = row[2]
        a = text.index("(A) ")
        b = text.index(" (B) ")
        c = text.index(" (C) ")
        d = text.index(" (D) ")
        choices = [text[a + 4:b], text[b + 5:c], text[c + 5:d], text[d + 5:]]
        docs.append({"query": row[1], "choices": choices, "gold": ["A", "B", "C", "D"].index(row[4].strip())})
    return docs


# --- llama2.c stories260K forward in float64 ------------------------------------------------------
class Llama2c:
    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        dim, hidden, layers, heads, kv_heads, vocab, seq_len = struct.unpack("<7i", data[:28])
        self.dim, self.layers, self.heads, self.kv_heads, self.seq_len = dim, layers, heads, kv_heads, seq_len
        self.vocab = abs(vocab)
        self.hd = dim // heads
        floats = np.frombuffer(data[28:], dtype="<f4").astype(np.float64)
        pos = 0

        def take(*shape):
            nonlocal pos
            n = int(np.prod(shape))
            out = floats[pos:pos + n].reshape(shape)
            pos += n
            return out

        kv_dim = kv_heads * self.hd
        self.emb = take(self.vocab, dim)
        self.rms_att = take(layers, dim)
        self.wq = take(layers, dim, dim)
        self.wk = take(layers, kv_dim, dim)
        self.wv = take(layers, kv_dim, dim)
        self.wo = take(layers, dim, dim)
        self.rms_ffn = take(layers, dim)
        self.w1 = take(layers, hidden, dim)
        self.w2 = take(layers, dim, hidden)
        self.w3 = take(layers, hidden, dim)
        self.rms_final = take(dim)
        self.cos = take(seq_len, self.hd // 2)
        self.sin = take(seq_len, self.hd // 2)
        assert pos == len(floats)

    @staticmethod
    def rms(x, w):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + 1e-5) * w

    def rope(self, z, t):  # z: [T, H, hd], pairs (2i, 2i+1)
        cos, sin = self.cos[:t][:, None, :], self.sin[:t][:, None, :]
        even, odd = z[..., 0::2], z[..., 1::2]
        out = np.empty_like(z)
        out[..., 0::2] = even * cos - odd * sin
        out[..., 1::2] = even * sin + odd * cos
        return out

    def log_probs(self, tokens):
        t = len(tokens)
        assert t <= self.seq_len
        x = self.emb[tokens]
        mask = np.triu(np.full((t, t), -np.inf), 1)
        group = self.heads // self.kv_heads
        for l in range(self.layers):
            h = self.rms(x, self.rms_att[l])
            q = self.rope((h @ self.wq[l].T).reshape(t, self.heads, self.hd), t)
            k = self.rope((h @ self.wk[l].T).reshape(t, self.kv_heads, self.hd), t)
            v = (h @ self.wv[l].T).reshape(t, self.kv_heads, self.hd)
            k = np.repeat(k, group, axis=1)
            v = np.repeat(v, group, axis=1)
            scores = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(self.hd) + mask
            scores -= scores.max(-1, keepdims=True)
            att = np.exp(scores)
            att /= att.sum(-1, keepdims=True)
            out = np.einsum("hqk,khd->qhd", att, v).reshape(t, self.dim)
            x = x + out @ self.wo[l].T
            h = self.rms(x, self.rms_ffn[l])
            a = h @ self.w1[l].T
            x = x + ((a / (1 + np.exp(-a))) * (h @ self.w3[l].T)) @ self.w2[l].T
        logits = self.rms(x, self.rms_final) @ self.emb.T
        logits -= logits.max(-1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(-1, keepdims=True))


# --- tokenization modes and the window --------------------------------------------------------------
def encode_pair(sp, context, continuation, mode):
    if context == "":
        return [EOS], sp.encode(continuation)
    if mode == "v0.3":
        return sp.encode(context), sp.encode(continuation)
    n_spaces = len(context) - len(context.rstrip())
    if n_spaces > 0:
        continuation = context[-n_spaces:] + continuation
        context = context[:-n_spaces]
    whole = sp.encode(context + continuation)
    ctx = sp.encode(context)
    return ctx, whole[len(ctx):]


def fit(ctx, cont, bos, window):
    if bos:
        ctx = [BOS] + ctx
    keep = window + 1 - len(cont)
    assert keep >= 1, "continuation longer than the window"
    if len(ctx) > keep:
        ctx = ([BOS] + (ctx[len(ctx) - (keep - 1):] if keep > 1 else [])) if bos else ctx[len(ctx) - keep:]
    return ctx, cont


def score(model, ctx, cont):
    full = ctx + cont
    inp = full[:-1]
    lp = model.log_probs(inp)
    rows = lp[len(inp) - len(cont):]
    return float(sum(rows[i, tok] for i, tok in enumerate(cont)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    d = args.data
    sp = spm.SentencePieceProcessor(model_file=os.path.join(d, "stories260K/tok512.model"))
    model = Llama2c(os.path.join(d, "stories260K/stories260K.bin"))
    window = model.seq_len
    tasks = {
        "arc_easy": arc_docs(os.path.join(d, "arc/ARC-Easy-Test.jsonl")),
        "piqa": piqa_docs(os.path.join(d, "piqa/valid.jsonl"), os.path.join(d, "piqa/valid-labels.lst")),
        "boolq": boolq_docs(os.path.join(d, "boolq/val.jsonl")),
        "openbookqa": openbookqa_docs(os.path.join(d, "openbookqa/test.tsv")),
    }
    runs = []
    cache = {}
    for name, docs in tasks.items():
        order = list(range(len(docs)))
        rnd = random.Random()
        rnd.seed(42)
        rnd.shuffle(order)
        for mode, bos in (("v0.3", False), ("v0.4", False), ("v0.3", True)):
            items = []
            for index in order[:LIMIT]:
                doc = docs[index]
                requests = [[doc["query"], " " + c] for c in doc["choices"]]
                item = {"doc_index": index, "choices": doc["choices"], "requests": requests,
                        "context_ids": [], "continuation_ids": [], "lls": []}
                for ctx_text, cont_text in requests:
                    ctx, cont = fit(*encode_pair(sp, ctx_text, cont_text, mode), bos, window)
                    key = (tuple(ctx), tuple(cont))
                    if key not in cache:
                        cache[key] = score(model, ctx, cont)
                    item["context_ids"].append(ctx)
                    item["continuation_ids"].append(cont)
                    item["lls"].append(cache[key])
                lls = np.array(item["lls"])
                if name == "boolq":  # BoolQ.process_results: (ll_yes > ll_no) == label
                    item["gold"] = 0 if doc["label"] else 1
                    item["acc"] = 1.0 if (lls[0] > lls[1]) == doc["label"] else 0.0
                else:  # MultipleChoiceTask.process_results
                    item["gold"] = doc["gold"]
                    item["acc"] = 1.0 if np.argmax(lls) == doc["gold"] else 0.0
                    lengths = np.array([float(len(c)) for c in doc["choices"]])
                    item["acc_norm"] = 1.0 if np.argmax(lls / lengths) == doc["gold"] else 0.0
                items.append(item)
            runs.append({"task": name, "mode": mode, "bos": bos, "items": items})
    with open(os.path.join(args.out, "zeroshot_stories260k.json"), "w") as f:
        json.dump({"window": window, "limit": LIMIT, "runs": runs}, f)


if __name__ == "__main__":
    main()
