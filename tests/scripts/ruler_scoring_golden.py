#!/usr/bin/python3
"""Golden values for RULER's scoring, computed by RULER's own functions (NVIDIA/RULER at c3f5e3b):
string_match_all / string_match_part from scripts/eval/synthetic/constants.py (imported as is) and
postprocess_pred from scripts/eval/evaluate.py (its source taken out with ast, since importing the
script would parse the command line and import NeMo).

  /usr/bin/python3 tests/scripts/ruler_scoring_golden.py --ruler /path/to/RULER \
      --out tests/ruler/golden/ruler_scoring.json
"""
import argparse
import ast
import importlib.util
import json
import os
import re

CASES = [
    ("8536477", ["8536477"]),
    (" The number is 8536477.\n\nWhat", ["8536477"]),
    ("FAULTY-PIMPLE and 12", ["faulty-pimple", "12", "13"]),
    ("", ["a"]),
    ("\x1c\u3000 spaced \t\x00out\x1f \u2029", ["spaced\n\nout", "SPACED"]),
    ("the \u212aelvin sign", ["kelvin"]),
    ("\u0130stanbul", ["i\u0307stanbul", "istanbul"]),
    ("\u03a3\u039f\u03a3 sos", ["\u03c3\u03bf\u03c2", "\u03c3\u03bf\u03c3"]),
    ("1. apple 2. Banana 3. cherry", ["apple", "banana", "cherry", "durian"]),
    ("VAR ABCDE VAR FGHIJ", ["ABCDE", "FGHIJ", "KLMNO", "PQRST", "UVWXY"]),
    ("\u00e9t\u00e9 \u00c9T\u00c9", ["\u00e9t\u00e9"]),
    ("stra\u00dfe", ["STRASSE", "stra\u00dfe"]),
]


def load_functions(ruler):
    spec = importlib.util.spec_from_file_location(
        "ruler_eval_constants", os.path.join(ruler, "scripts/eval/synthetic/constants.py"))
    constants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(constants)
    with open(os.path.join(ruler, "scripts/eval/evaluate.py")) as f:
        tree = ast.parse(f.read())
    source = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "postprocess_pred")
    scope = {"re": re}
    exec(compile(ast.Module(body=[source], type_ignores=[]), "evaluate.py", "exec"), scope)
    return constants.string_match_all, constants.string_match_part, scope["postprocess_pred"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ruler", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    match_all, match_part, postprocess = load_functions(args.ruler)
    preds = [postprocess(pred, {}) for pred, _ in CASES]
    refs = [r for _, r in CASES]
    out = {
        "cases": [{"prediction": pred, "references": r, "postprocessed": p,
                   "string_match_all": match_all([p], [r]), "string_match_part": match_part([p], [r])}
                  for (pred, r), p in zip(CASES, preds)],
        "all_string_match_all": match_all(preds, refs),
        "all_string_match_part": match_part(preds, refs),
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=True)
        f.write("\n")


if __name__ == "__main__":
    main()
