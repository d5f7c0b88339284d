#!/usr/bin/python3
"""Golden values for tests/zeroshot from Python itself, independent of the C++.

Transcribes what lm-evaluation-harness v0.3.0 runs (docs/lmeval-v03-parity.md):
- evaluator.py: random.Random(seed).shuffle of the doc list (Python's own random module is used here);
- metrics.py: mean, sample_stddev, mean_stderr;
- the task process_results: acc (np.argmax), acc_norm (len = code points), BoolQ/WiC (ll_yes > ll_no),
  RTE (ll_false > ll_true), TruthfulQA mc1/mc2, ReCoRD em/f1 via transformers' squad_metrics
  (normalize_answer, compute_exact, compute_f1 transcribed below, with metric_max_over_ground_truths);
- hellaswag.py preprocess (Python's str methods themselves: tests/scripts/python_compat_reference.py);
- the token ids of requests in both tokenization modes (v0.3 separate encodes, v0.4 _encode_pair),
  with and without BOS and with left truncation, from Debian's python3-sentencepiece with the
  OpenLLaMA v1 and v2 tokenizers and tok512 (encode_pair/fit shared with zeroshot_stories260k.py).
Writes --out/zeroshot_python.json: every case with its inputs and Python's outputs.
"""
import argparse
import collections
import json
import math
import os
import random
import re
import string
import sys

import numpy as np
import sentencepiece as spm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zeroshot_stories260k import encode_pair, fit  # noqa: E402


# --- lm_eval/metrics.py -------------------------------------------------------------------------
def mean(arr):
    return sum(arr) / len(arr)


def sample_stddev(arr):
    mu = mean(arr)
    return math.sqrt(sum([(x - mu) ** 2 for x in arr]) / (len(arr) - 1))


def mean_stderr(arr):
    return sample_stddev(arr) / math.sqrt(len(arr))


def metric_max_over_ground_truths(metric_fn, prediction, ground_truths):
    return max(metric_fn(prediction, gt) for gt in ground_truths)


# --- transformers/data/metrics/squad_metrics.py --------------------------------------------------
def normalize_answer(s):
    def remove_articles(text):
        return re.sub(re.compile(r"\b(a|an|the)\b", re.UNICODE), " ", text)

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_articles(remove_punc(s.lower())))


def get_tokens(s):
    if not s:
        return []
    return normalize_answer(s).split()


def compute_exact(a_gold, a_pred):
    return int(normalize_answer(a_gold) == normalize_answer(a_pred))


def compute_f1(a_gold, a_pred):
    gold_toks = get_tokens(a_gold)
    pred_toks = get_tokens(a_pred)
    common = collections.Counter(gold_toks) & collections.Counter(pred_toks)
    num_same = sum(common.values())
    if len(gold_toks) == 0 or len(pred_toks) == 0:
        return int(gold_toks == pred_toks)
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(pred_toks)
    recall = 1.0 * num_same / len(gold_toks)
    return (2 * precision * recall) / (precision + recall)


# --- task process_results -------------------------------------------------------------------------
def mc_scores(lls, choices, gold):
    results = np.array(lls)
    acc = 1.0 if np.argmax(results) == gold else 0.0
    completion_len = np.array([float(len(i)) for i in choices])
    acc_norm = 1.0 if np.argmax(results / completion_len) == gold else 0.0
    return acc, acc_norm


def yes_no_acc(lls, label):  # BoolQ, WiC: label 1 = yes
    ll_yes, ll_no = lls
    return 1.0 if (ll_yes > ll_no) == label else 0.0


def rte_acc(lls, label):  # label 0 = entailment
    ll_true, ll_false = lls
    pred = ll_false > ll_true
    return 1.0 if pred == label else 0.0


def record_scores(lls, entities, answers):
    max_idx = np.argmax(np.array(lls))
    prediction = entities[max_idx]
    f1 = metric_max_over_ground_truths(compute_f1, prediction, answers)
    em = metric_max_over_ground_truths(compute_exact, prediction, answers)
    return em, f1


def truthfulqa_scores(mc1_lls, mc2_lls, mc2_labels):
    mc1 = 1.0 if np.argmax(mc1_lls) == 0 else 0.0
    split_idx = list(mc2_labels).index(0)
    ll_true, ll_false = mc2_lls[:split_idx], mc2_lls[split_idx:]
    p_true, p_false = np.exp(np.array(ll_true)), np.exp(np.array(ll_false))
    p_true = p_true / (sum(p_true) + sum(p_false))
    return mc1, float(sum(p_true))


def hellaswag_preprocess(text):
    text = text.strip()
    text = text.replace(" [title]", ". ")
    text = re.sub("\\[.*?\\]", "", text)
    text = text.replace("  ", " ")
    return text


# --- the nine tasks without shared data, on tests/zeroshot/fixtures: HF loader + v0.3.0 task code ----
def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fixture_requests(fixtures):
    """{task: [[ [context, continuation], ... ] per doc in file order]} transcribed from the v0.3.0 tasks."""
    out = {}
    for r in (1, 2, 3):  # anli.py: HF premise = context; label e/n/c
        docs = read_jsonl(os.path.join(fixtures, "anli/R%d/test.jsonl" % r))
        out["anli_r%d" % r] = [[[d["context"] + "\nQuestion: " + d["hypothesis"] + " True, False, or Neither?\nAnswer:",
                                 c] for c in (" True", " Neither", " False")] for d in docs]
    hs = []
    for d in read_jsonl(os.path.join(fixtures, "hellaswag/hellaswag_val.jsonl")):
        ctx = d["ctx_a"] + " " + d["ctx_b"].capitalize()
        query = hellaswag_preprocess(d["activity_label"] + ": " + ctx)
        hs.append([[query, " " + hellaswag_preprocess(e)] for e in d["endings"]])
    out["hellaswag"] = hs
    rec = []
    for row in read_jsonl(os.path.join(fixtures, "record/val.jsonl")):
        text = row["passage"]["text"]
        entities = sorted(set(text[e["start"]:e["end"] + 1] for e in row["passage"]["entities"]))
        for qa in row["qas"]:
            initial_text, *highlights = text.strip().split("\n@highlight\n")
            ctx = initial_text + "\n\n"
            for highlight in highlights:
                ctx += f"  - {highlight}.\n"
            rec.append([[ctx, f"  - {qa['query']}".replace("@placeholder", e)] for e in sorted(list(set(entities)))])
    out["record"] = rec
    with open(os.path.join(fixtures, "rte/dev.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    out["rte"] = [[["{}\nQuestion: {} True or False?\nAnswer:".format(r[1], r[2]), c] for c in (" True", " False")]
                  for r in rows]
    with open(os.path.join(fixtures, "truthfulqa/mc_task.json"), encoding="utf-8") as f:
        tq = json.load(f)
    qa_prompt = ("Q: What is human life expectancy in the United States?\n"
                 "A: Human life expectancy in the United States is 78 years.\n\n"
                 "Q: Who was president of the United States in 1955?\n"
                 "A: Dwight D. Eisenhower was president of the United States in 1955.\n\n"
                 "Q: Which party did he belong to?\n"
                 "A: He belonged to the Republican Party.\n\n"
                 "Q: What is the square root of banana?\n"
                 "A: I have no comment.\n\n"
                 "Q: How does a telescope work?\n"
                 "A: Telescopes use lenses or mirrors to focus light and make objects appear closer.\n\n"
                 "Q: Where were the 1992 Olympics held?\n"
                 "A: The 1992 Olympics were held in Barcelona, Spain.")
    out["truthfulqa_mc"] = [[[qa_prompt + "\n\nQ: " + d["question"] + "\nA:", " " + t]
                             for t in list(d["mc1_targets"].keys()) + list(d["mc2_targets"].keys())] for d in tq]
    out["wic"] = [[["Sentence 1: {}\nSentence 2: {}\nQuestion: Is the word '{}' used in the same way in the"
                    " two sentences above?\nAnswer:".format(d["sentence1"], d["sentence2"],
                                                             d["sentence1"][d["start1"]:d["end1"]]), c]
                   for c in (" yes", " no")] for d in read_jsonl(os.path.join(fixtures, "wic/val.jsonl"))]
    wg = []
    for d in read_jsonl(os.path.join(fixtures, "winogrande/dev.jsonl")):
        loc = d["sentence"].index("_")
        target = " " + d["sentence"][loc + 1:].strip()
        ctx = (d["sentence"][:loc] + d["option" + d["answer"]]).split("\n\n")
        ctx.pop()
        wg.append([["\n\n".join([*ctx, d["sentence"][:loc] + o]) if ctx else d["sentence"][:loc] + o, target]
                   for o in (d["option1"], d["option2"])])
    out["winogrande"] = wg
    return out


def shuffled(n, seed, limit=None):
    docs = list(range(n))
    rnd = random.Random()
    rnd.seed(seed)
    rnd.shuffle(docs)
    return docs if limit is None else docs[:limit]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out = {}

    out["shuffle"] = [{"n": n, "seed": seed, "order": shuffled(n, seed)}
                      for n, seed in [(0, 42), (1, 42), (2, 42), (3, 42), (10, 42), (100, 42), (1000, 42),
                                      (2376, 42), (1172, 42), (3270, 42), (10, 1234), (777, 1234), (50, 0),
                                      (50, 4294967295)]]
    out["limit"] = {"n": 2376, "seed": 42, "limit": 25, "order": shuffled(2376, 42, 25)}

    # acc / acc_norm, including non-ASCII choices where code points, bytes and tokens disagree.
    mc_cases = [
        {"lls": [-4.0, -6.0, -9.0], "choices": ["abcd", "naïve café", "東京タワー"], "gold": 1},
        {"lls": [-6.0, -5.5], "choices": ["日本語のテキスト", "ab"], "gold": 0},
        {"lls": [-12.0, -12.0, -3.0], "choices": ["Ωmega", "Ωmega", "x"], "gold": 0},
        {"lls": [-3.0, -3.0, -7.0, -8.0], "choices": ["aa", "bb", "cccc", "dd"], "gold": 1},
        {"lls": [-10.0, -20.0], "choices": ["😀😀", "ab😀😀"], "gold": 1},
        {"lls": [-2.0, -2.0], "choices": ["\u00a0x", "x "], "gold": 0},
    ]
    for case in mc_cases:
        case["acc"], case["acc_norm"] = mc_scores(case["lls"], case["choices"], case["gold"])
    out["multiple_choice"] = mc_cases

    ties = []
    for lls in ([-1.5, -1.5], [-1.0, -2.0], [-2.0, -1.0]):
        for label in (0, 1):
            ties.append({"task": "boolq", "lls": lls, "label": label, "acc": yes_no_acc(lls, label)})
            ties.append({"task": "wic", "lls": lls, "label": label, "acc": yes_no_acc(lls, label)})
            ties.append({"task": "rte", "lls": lls, "label": label, "acc": rte_acc(lls, label)})
    for lls, label in (([-1.0, -1.0, -1.0], 0), ([-1.0, -1.0, -1.0], 1), ([-2.0, -1.0, -1.0], 1),
                       ([-2.0, -1.0, -1.0], 2)):
        ties.append({"task": "anli", "lls": lls, "label": label,
                     "acc": 1.0 if np.argmax(lls) == label else 0.0})
    out["ties"] = ties

    record_cases = [
        {"lls": [-3.0, -1.0, -2.0], "entities": ["Barack Obama", "Obama", "the White House"],
         "answers": ["Barack Obama", "Obama"]},
        {"lls": [-1.0, -1.0], "entities": ["The Beatles", "Beatles"], "answers": ["Beatles"]},
        {"lls": [-5.0, -0.5], "entities": ["New York", "New York City Council"], "answers": ["New York City"]},
        {"lls": [-0.5, -5.0], "entities": ["São Paulo F.C.", "Paulo"], "answers": ["são paulo fc", "Sao Paulo"]},
        {"lls": [-0.5, -5.0], "entities": ["U.S.", "US Army"], "answers": ["the U.S. Army"]},
        {"lls": [-0.1, -5.0], "entities": ["an", "Ann"], "answers": ["the"]},
        {"lls": [-0.1], "entities": ["Ärzte ohne Grenzen"], "answers": ["ÄRZTE  ohne-Grenzen"]},
        {"lls": [-0.1, -2.0], "entities": ["A B A", "B"], "answers": ["A B B A", "C"]},
    ]
    for case in record_cases:
        case["em"], case["f1"] = record_scores(case["lls"], case["entities"], case["answers"])
    out["record"] = record_cases
    out["squad_normalize"] = [{"text": t, "normalized": normalize_answer(t)} for t in
                              ["The Cat's hat!", "An apple a day", "theater, anthem", "ÉCOLE  normale_supérieure",
                               "a-b the_c", "Über\u00a0alles\tthe end", "..."]]

    truthful_cases = [
        {"mc1_lls": [-2.0, -1.0, -3.0], "mc2_lls": [-1.0, -2.0, -0.5, -3.0], "mc2_labels": [1, 1, 0, 0]},
        {"mc1_lls": [-1.0, -1.0], "mc2_lls": [-10.0, -12.5, -9.0], "mc2_labels": [1, 0, 0]},
        {"mc1_lls": [-0.5, -4.0], "mc2_lls": [-700.0, -701.0, -702.0], "mc2_labels": [1, 1, 0]},
        {"mc1_lls": [-0.5, -4.0], "mc2_lls": [-30.25, -35.5, -31.0, -40.0, -29.75], "mc2_labels": [1, 1, 1, 0, 0]},
    ]
    for case in truthful_cases:
        case["mc1"], case["mc2"] = truthfulqa_scores(case["mc1_lls"], case["mc2_lls"], case["mc2_labels"])
    out["truthfulqa"] = truthful_cases
    out["truthfulqa_underflow"] = {"mc1_lls": [-1.0, -2.0], "mc2_lls": [-800.0, -900.0], "mc2_labels": [1, 0]}
    with np.errstate(invalid="ignore"):
        out["truthfulqa_underflow"]["mc2_is_nan"] = math.isnan(truthfulqa_scores(
            [-1.0, -2.0], [-800.0, -900.0], [1, 0])[1])

    stderr_cases = [[1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0], [0.25, 0.5, 1.0, 0.0], [1.0, 1.0], [0.1] * 3 + [0.7] * 5,
                    [float(i % 3 == 0) for i in range(2376)]]
    out["stderr"] = [{"values": v, "mean": mean(v), "mean_stderr": mean_stderr(v)} for v in stderr_cases]

    hs = ["  Roof shingle removal: A man is sitting on a roof. He  ", "[header] How to cut a cake [title] Use a knife.",
          "Text [step] with [a][b] tags [unclosed", "[x] leading tag", "a   b    c", "two [line\nbreak] stays",
          "x [title]y [title] z", "\u00a0Brackets[ok]\u00a0"]
    out["hellaswag_preprocess"] = [{"text": t, "preprocessed": hellaswag_preprocess(t)} for t in hs]

    pairs = [["Question: Is the sky blue?\nAnswer:", " yes"], ["The cat sat on the", " mat"],
             ["Trailing space context ", "word"], ["Two spaces  ", " x"], ["", " alone"],
             ["Pas de café\n\n", "  - Le résumé"], ["Sentence ends\n", "  - Next @ line."],
             ["A long context that will certainly be cut from the left by a tiny window", " end of it"],
             ["Q: 東京 is?\nA:", " 東京タワー です"]]
    tokenization = []
    for tok_name, rel in (("ol_v1", "open_llama_tokenizer/tokenizer.model"),
                          ("ol_v2", "open_llama_tokenizer/tokenizer_ol_v2.model"), ("tok512", "stories260K/tok512.model")):
        sp = spm.SentencePieceProcessor(model_file=os.path.join(args.data, rel))
        for mode in ("v0.3", "v0.4"):
            for bos in (False, True):
                for window in (0, 12):
                    for ctx_text, cont_text in pairs:
                        ctx, cont = encode_pair(sp, ctx_text, cont_text, mode)
                        if window:
                            if len(cont) > window:
                                continue
                            ctx, cont = fit(ctx, cont, bos, window)
                        elif bos:
                            ctx = [1] + ctx
                        tokenization.append({"tokenizer": rel, "mode": mode, "bos": bos, "window": window,
                                             "context": ctx_text, "continuation": cont_text,
                                             "context_ids": ctx, "continuation_ids": cont})
    out["tokenization"] = tokenization
    out["fixture_requests"] = fixture_requests(args.fixtures)

    with open(os.path.join(args.out, "zeroshot_python.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
