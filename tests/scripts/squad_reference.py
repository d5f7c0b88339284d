#!/usr/bin/python3
"""Golden SQuAD answer normalisation and exact match for tests/icl, in plain Python.

The rules of SQuAD v2's official evaluation script (normalize_answer, compute_exact) as
docs/few-shot-protocol.md section 7 states them: lower-case, delete string.punctuation, replace the words
a/an/the by a space, collapse whitespace; a prediction is correct when it equals any gold answer.

Every WebQuestions test answer list is paired with tricky predictions: variants of its own answers
(articles, punctuation, case, odd whitespace, a final sigma) and a fixed list of hard strings.
Writes <out>/squad.json: {"cases": [{"prediction", "golds", "normalized_prediction",
"normalized_golds", "exact"}]}.

Run: /usr/bin/python3 squad_reference.py --data ../shared/data --out DIR
"""
import argparse
import json
import os
import re
import string
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from icl_hf_readers import read_webqs  # noqa: E402


def normalize_answer(s):
    def remove_articles(text):
        return re.sub(r"\b(a|an|the)\b", " ", text)

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_articles(remove_punc(s.lower())))


def exact(prediction, golds):
    return any(normalize_answer(g) == normalize_answer(prediction) for g in golds)


FIXED = [
    "", " ", "\u00a0", "the", "The", "THE", "a", "An", "an apple", "The  Beatles!!", "the-the", "the\u2014the",
    "éthe", "thé", "a_b the_", "_the_", "the_", "théâtre", "ＴＨＥ", "x\u3000the\u3000y", "a\u2028b", "x\x1ca\x1fy",
    "'s", "Hello,world", "U.S.A.", "u s a", "ﬁnland", "Óscar Niemeyer", "óscar niemeyer", "ΟΔΥΣΣΕΥΣ", "ΣΑΣ Σ",
    "Σ.", "İstanbul", "istanbul", "ǅemal", "Straße", "STRASSE", "Ⅻ", "²", "the ²", "a٣b", "a ٣ b", "naïve café",
    "Na\u0308ive", "the\u0301", "\u00bfqué?", "«the» answer", "‘the’ answer", "“A” answer", "the\tanswer\n",
    "Jamaican English.", "jamaican  english", "the united states of america", "United States of America!",
]


def variants(answer):
    return [
        answer, answer.upper(), answer.lower(), "The " + answer, "the " + answer + ".", "an " + answer + "!",
        "A " + answer.upper() + "?", " " + answer.replace(" ", "\u00a0") + " ", answer.replace(" ", "  \t"),
        '"' + answer + '"', "«" + answer + "»", answer + "s", answer.replace("e", "é"), answer + " Σ",
        answer.title(), answer.swapcase(),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    test = read_webqs(os.path.join(args.data, "webquestions/webquestions.examples.test.json"))
    cases = []
    for i, (_, golds) in enumerate(test):
        predictions = variants(golds[i % len(golds)]) + [FIXED[i % len(FIXED)], FIXED[(7 * i + 3) % len(FIXED)]]
        for p in predictions:
            cases.append({"prediction": p, "golds": golds, "normalized_prediction": normalize_answer(p),
                          "normalized_golds": [normalize_answer(g) for g in golds], "exact": exact(p, golds)})
    for p in FIXED:
        for golds in (["the"], ["Σ"], ["Óscar Niemeyer"], ["istanbul"], ["United States of America"], ["u.s.a"]):
            cases.append({"prediction": p, "golds": golds, "normalized_prediction": normalize_answer(p),
                          "normalized_golds": [normalize_answer(g) for g in golds], "exact": exact(p, golds)})
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "squad.json"), "w") as f:
        json.dump({"cases": cases}, f, ensure_ascii=False)
    print(len(cases), "cases,", sum(c["exact"] for c in cases), "exact")


if __name__ == "__main__":
    main()
