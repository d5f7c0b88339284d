#!/usr/bin/python3
"""Golden few-shot layouts for tests/icl, from Debian's python3-sentencepiece and numpy.

Independent of the C++: the data files are parsed as the HF `datasets` loaders parse them
(icl_hf_readers.py: trec v1.1.0, web_questions), the label table and templates are written down again from
docs/few-shot-protocol.md, and each draw's order is numpy's legacy RandomState(seed)
32-bit stream (the MT19937 stream std::mt19937 must produce) fed to the Fisher-Yates shuffle of
section 4.6.

For each OpenLLaMA tokenizer (v1, v2) and task (trec_fine, trec_coarse, webqs) writes
<out>/layout_<tokenizer>_<task>.json:
  newline, bos, reserve (M), answer_room, n_train, n_test
  candidates            per label: sp.encode(verbalizer)
  items                 a few test items: {index, prompt_ids}
  draws                 per seed: {seed, order_head (first 50 rows of the permutation), budgets: [
                          {budget, rows, context_ids, accepted_tokens, rejected_row, rejected_length}],
                          window_2048: {budget, rows} (the last demonstrations of the 8192 set that fit 2048)}

Run: /usr/bin/python3 icl_layout_reference.py --data ../shared/data --out DIR
"""
import argparse
import json
import os
import sys

import numpy as np
import sentencepiece as spm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from icl_hf_readers import read_trec, read_webqs  # noqa: E402

BUDGETS = [2048, 4096, 6144, 8192]
SEEDS = [1, 2]
ITEMS = [0, 1, 2, 137, -1]
WEBQS_ANSWER_RESERVE = 50

COARSE = [("DESC", "Description"), ("ENTY", "Entity"), ("ABBR", "Expression"), ("HUM", "Person"),
          ("NUM", "Number"), ("LOC", "Location")]
FINE_GROUPS = [
    ("ABBR", "abbreviation", "abb:abbreviation exp:expansion"),
    ("ENTY", "entity", "animal:animal body:body color:color cremat:creation currency:currency dismed:disease "
                       "event:event food:food instru:instrument lang:language letter:letter other:other plant:plant "
                       "product:product religion:religion sport:sport substance:substance symbol:symbol "
                       "techmeth:technique termeq:term veh:vehicle word:word"),
    ("DESC", "description", "def:definition desc:description manner:manner reason:reason"),
    ("HUM", "human", "gr:group ind:individual title:title desc:description"),
    ("LOC", "location", "city:city country:country mount:mountain other:other state:state"),
    ("NUM", "numeric", "code:code count:count date:date dist:distance money:money ord:order other:other "
                       "period:period perc:percent speed:speed temp:temperature volsize:size weight:weight"),
]
FINE = [(f"{coarse}:{pair.split(':')[0]}", f"{word} {pair.split(':')[1]}")
        for coarse, word, pairs in FINE_GROUPS for pair in pairs.split()]


def permutation(n, seed):
    raw = np.random.RandomState(seed).randint(0, 2 ** 32, size=2 * n + 64, dtype=np.uint64)
    order, k = list(range(n)), 0
    for i in range(n - 1, 0, -1):
        bound = i + 1
        limit = 2 ** 32 - 2 ** 32 % bound
        while int(raw[k]) >= limit:
            k += 1
        j = int(raw[k]) % bound
        k += 1
        order[i], order[j] = order[j], order[i]
    return order


def task_texts(name, data):
    if name == "webqs":
        train = read_webqs(os.path.join(data, "webquestions/webquestions.examples.train.json"))
        test = read_webqs(os.path.join(data, "webquestions/webquestions.examples.test.json"))
        demos = [f"Question: {q} Answer: {a[-1]}" for q, a in train]
        prompts = [f"Question: {q} Answer:" for q, _ in test]
        return demos, prompts, []
    labels = FINE if name == "trec_fine" else COARSE
    verbalizer = dict(labels)
    key = (lambda c, f: f"{c}:{f}") if name == "trec_fine" else (lambda c, f: c)
    train = read_trec(os.path.join(data, "trec/train_5500.label"))
    test = read_trec(os.path.join(data, "trec/TREC_10.label"))
    demos = [f"Question: {t} Type: {verbalizer[key(c, f)]}" for c, f, t in train]
    prompts = [f"Question: {t} Type:" for _, _, t in test]
    return demos, prompts, [v for _, v in labels]


def fits(accepted, length, reserve, budget):
    return 1 + accepted + length + 1 + reserve < budget


def layout(sp, name, data):
    newline = sp.piece_to_id("<0x0A>")
    demos, prompts, candidates = task_texts(name, data)
    demo_ids = [sp.encode(d) + [newline] for d in demos]
    prompt_ids = [sp.encode(p) for p in prompts]
    candidate_ids = [sp.encode(c) for c in candidates]
    answer_room = max(len(c) for c in candidate_ids) if candidates else WEBQS_ANSWER_RESERVE
    reserve = max(len(p) for p in prompt_ids) + answer_room
    out = {"newline": newline, "bos": sp.bos_id(), "reserve": reserve, "answer_room": answer_room,
           "n_train": len(demos), "n_test": len(prompts), "candidates": candidate_ids,
           "items": [{"index": i % len(prompts), "prompt_ids": prompt_ids[i]} for i in ITEMS], "draws": []}
    for seed in SEEDS:
        order = permutation(len(demos), seed)
        draw = {"seed": seed, "order_head": order[:50], "budgets": []}
        for budget in BUDGETS:
            accepted, rows = 0, []
            for row in order:
                if not fits(accepted, len(demo_ids[row]), reserve, budget):
                    break
                accepted += len(demo_ids[row])
                rows.append(row)
            rejected = order[len(rows)]
            context = [sp.bos_id()] + [t for row in rows for t in demo_ids[row]]
            draw["budgets"].append({"budget": budget, "rows": rows, "context_ids": context,
                                    "accepted_tokens": accepted, "rejected_row": rejected,
                                    "rejected_length": len(demo_ids[rejected])})
        rows_8k, kept, tokens = draw["budgets"][-1]["rows"], [], 0
        for row in reversed(rows_8k):
            if not fits(tokens, len(demo_ids[row]), reserve, 2048):
                break
            tokens += len(demo_ids[row])
            kept.insert(0, row)
        draw["window_2048"] = {"budget": 8192, "rows": kept}
        out["draws"].append(draw)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for tok, model in (("v1", "tokenizer.model"), ("v2", "tokenizer_ol_v2.model")):
        sp = spm.SentencePieceProcessor(model_file=os.path.join(args.data, "open_llama_tokenizer", model))
        for name in ("trec_fine", "trec_coarse", "webqs"):
            with open(os.path.join(args.out, f"layout_{tok}_{name}.json"), "w") as f:
                json.dump(layout(sp, name, args.data), f)


if __name__ == "__main__":
    main()
