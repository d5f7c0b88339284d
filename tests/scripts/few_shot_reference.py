#!/usr/bin/python3
"""Few-shot label scores by the independent LongLLaMA reference (fot_reference.py), for tests/few_shot.

A random tiny LongLLaMA (fot_reference.CONFIG, L = 32, memory layers 1, 3, 5, fp32 memory) and a
synthetic few-shot layout of token ids: prefix = [BOS] + demonstrations, test prompts and labels of
several lengths. M = longest test prompt + longest label (the budget rule's reserve), lcl = L - M.
For every test prompt q and label c the reference computes, as modeling_longllama.py does:
  shared: prefill(prefix) under lcl, then one later call on q + c with the caches (past_key_values);
          the number of local-cache flushes that call made is recorded (0 expected);
  joint:  one forward call on prefix + q + c from scratch under lcl (a loglikelihood request).
A label's score is its mean token log-probability. Writes --out/model (config.json,
model.safetensors) and --out/cases.json.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fot_reference as ref  # noqa: E402

SEED = 11
PREFIX_TOKENS = 75  # [BOS] + 74: one full window and a partial one into memory, then the local cache
TEST_PROMPT_LENGTHS = [3, 5, 6, 4]
LABEL_LENGTHS = [1, 2, 3, 1, 2]


def tokens(count, gen):
    return [int(t) for t in torch.randint(3, ref.CONFIG["vocab_size"], (count,), generator=gen)]


def label_score(logits, first_row, label):
    """Mean log p(label[j] | before) where logits row first_row + j predicts label[j]."""
    logp = torch.log_softmax(logits.double(), dim=-1)
    return sum(float(logp[first_row + j, t]) for j, t in enumerate(label)) / len(label)


def with_lcl(lcl, fn):
    saved = ref.LCL
    ref.LCL = lcl  # the reference's call reads the module's last_context_length
    try:
        return fn()
    finally:
        ref.LCL = saved


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)

    w = ref.random_weights(SEED)
    gen = torch.Generator().manual_seed(SEED)
    prefix = [1] + tokens(PREFIX_TOKENS - 1, gen)
    prompts = [tokens(n, gen) for n in TEST_PROMPT_LENGTHS]
    labels = [tokens(n, gen) for n in LABEL_LENGTHS]
    reserve = max(TEST_PROMPT_LENGTHS) + max(LABEL_LENGTHS)
    L = ref.L
    lcl = L - reserve

    def shared_prefix():
        model = ref.TinyLongLlama(w, "float32")
        model.prefill(prefix)
        return model

    shared, joint, flushes = [], [], 0
    for q in prompts:
        shared_row, joint_row = [], []
        for c in labels:
            model = with_lcl(lcl, shared_prefix)  # the prefix state, read afresh for every later call
            before = model.flushes
            logits = with_lcl(lcl, lambda: model.later_call(q + c))
            flushes += model.flushes - before
            shared_row.append(label_score(logits, len(q) - 1, c))
            fresh = ref.TinyLongLlama(w, "float32")
            whole = with_lcl(lcl, lambda: fresh.prefill(prefix + q + c))
            joint_row.append(label_score(whole, len(prefix) + len(q) - 1, c))
        shared.append(shared_row)
        joint.append(joint_row)

    # The earlier default, lcl = L - longest label, flushes the local cache on appending a question.
    old = with_lcl(L - max(LABEL_LENGTHS), lambda: ref.TinyLongLlama(w, "float32"))
    with_lcl(L - max(LABEL_LENGTHS), lambda: (old.prefill(prefix), old.later_call(prompts[0] + labels[0])))
    assert old.flushes > 0, "the case must show the flush that L - M avoids"

    model_dir = os.path.join(args.out, "model")
    os.makedirs(model_dir, exist_ok=True)
    config = dict(ref.CONFIG, mem_dtype="float32")
    with open(os.path.join(model_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    ref.write_safetensors(os.path.join(model_dir, "model.safetensors"), w)
    gap = max(abs(a - b) for sr, jr in zip(shared, joint) for a, b in zip(sr, jr))
    assert gap > 1e-3, "the two modes must differ on this case for the test to tell them apart"
    with open(os.path.join(args.out, "cases.json"), "w") as f:
        json.dump({"window": L, "reserve": reserve, "last_context_length": lcl, "prefix": prefix,
                   "test_prompts": prompts, "labels": labels, "shared_scores": shared, "joint_scores": joint,
                   "shared_flushes": flushes, "max_mode_gap": gap}, f, indent=1)


if __name__ == "__main__":
    main()
