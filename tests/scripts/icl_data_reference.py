#!/usr/bin/python3
"""Golden parses of the TREC and WebQuestions files for tests/icl: what the HF `datasets` loaders
(trec v1.1.0, web_questions) read from them, row by row. Writes <out>/data.json:
  trec_train, trec_test     [[coarse, fine, text], ...]
  webqs_train, webqs_test   [[utterance, [answers...]], ...]

Run: /usr/bin/python3 icl_data_reference.py --data ../shared/data --out DIR
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from icl_hf_readers import read_trec, read_webqs  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    out = {
        "trec_train": read_trec(os.path.join(args.data, "trec/train_5500.label")),
        "trec_test": read_trec(os.path.join(args.data, "trec/TREC_10.label")),
        "webqs_train": read_webqs(os.path.join(args.data, "webquestions/webquestions.examples.train.json")),
        "webqs_test": read_webqs(os.path.join(args.data, "webquestions/webquestions.examples.test.json")),
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "data.json"), "w") as f:
        json.dump(out, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
