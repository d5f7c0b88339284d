#!/usr/bin/python3
"""Golden values for tests/python (the Python-compatibility layer, tasks/common/python), from Python
itself: str methods, re's \\w, the SQuAD normalisation, bytes.decode("utf-8"), random.Random and
NumPy's legacy RandomState. Needs no ../shared/data.

Pinned to Debian 12's /usr/bin/python3 (3.11, Unicode 14.0.0), the database the C++ tables come from
(tasks/common/python/make_unicode_tables.py): on another Unicode version it stops.

Writes into --out:
  bmp.tsv      one line per code point of the Basic Multilingual Plane, then sample ranges of the
               other planes; tab-separated hex code point sequences: cp, lower(c), \\w, isspace,
               capitalize(c), lower(sigma probe), squad normalize_answer(probe) ("-" for surrogates,
               which UTF-8 cannot carry)
  python.json  strings (strip/rstrip/lower/capitalize/len/split/slices, bytes.strip), UTF-8 decoding (strict and
               "replace"), random.Random call sequences, numpy RandomState randint sequences

Run: /usr/bin/python3 tests/scripts/python_compat_reference.py --out DIR
"""
import argparse
import json
import os
import random
import re
import sys
import unicodedata
import uuid

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from squad_reference import normalize_answer  # noqa: E402

PINNED_UNICODE = "14.0.0"
WORD = re.compile(r"\w")
# Other planes: Deseret (cased), Adlam (cased, marks), math alphanumerics, Brahmi numbers, emoji, CJK ext B.
SUPPLEMENTARY = [(0x10400, 0x1044F), (0x1E900, 0x1E95F), (0x1D400, 0x1D4FF), (0x11052, 0x1106F),
                 (0x1F600, 0x1F64F), (0x20000, 0x2003F), (0xE0000, 0xE007F), (0x10FFF0, 0x10FFFF)]


def hex_sequence(text):
    return " ".join("%X" % ord(ch) for ch in text)


def sigma_probe(c):
    """Final_Sigma context on both sides of c, and c between a cased letter and Σ."""
    return "A%sΣ AΣ%s %sΣ ΣΣ%sΣ" % (c, c, c, c)


def squad_probe(c):
    """Lower-casing, punctuation, whole-word articles around c, whitespace and final sigma."""
    return "The%sthe a%sAΣ%sΣ!%sx %s" % (c, c, c, c, c)


def code_point_line(cp):
    c = chr(cp)
    surrogate = 0xD800 <= cp <= 0xDFFF
    return "\t".join([
        "%X" % cp, hex_sequence(c.lower()), "1" if WORD.match(c) else "0", "1" if c.isspace() else "0",
        hex_sequence(c.capitalize()), hex_sequence(sigma_probe(c).lower()),
        "-" if surrogate else hex_sequence(normalize_answer(squad_probe(c)))])


STRINGS = ["  Hello World  ", "\u00a0\u2009x\u3000", "\x1c\x1dy\x85", "mIXED cASE wORDS", "élan VITAL", "ǅungla",
           "", "   ", "ß straße", "İstanbul", "ΟΔΟΣ ΚΑΙ ΣΑ", "ﬁnal ﬂow", "Α'Σ", "x²the", "the\u0345the", "ΑΣ\u0345",
           "Σ\u0345", "the\u05b0the", "Α\u05b0Σ", "ǆemal ǉubljana", "ŉ x", "ΐΰ", "a\u180eb\u200bc", "\u0130\u0307"]
# The four code-point cases the issue names: lower(), \w and normalize_answer of each, in context.
NAMED = ["Α'Σ", "x²the", "\u0345", "\u05b0", "the\u0345the", "the\u05b0the", "ΑΣ\u0345", "Α\u05b0Σ"]
BYTES = [b" \t\x0b\x0cx\x1c\xa0 \r\n", b"\x85y\x85", b"", b"  ", b"\xc2\xa0z\xe3\x80\x80", b"\x1fq\x1f"]
SLICES = [("Café owners run", 12, 15), ("東京タワー", 1, 3), ("abc", 2, 10), ("abc", 3, 3), ("naïve", 0, 3)]


def utf8_cases():
    fixed = [b"", b"abc", "é東京😀".encode(), b"\xc3", b"ab\xc3", b"\xff", b"\xc0\x80", b"\xc1\xbf", b"\xe0\x80\x80",
             b"\xe0\x9f\xbf", b"\xe0\xa0\x80", b"\xed\x9f\xbf", b"\xed\xa0\x80", b"\xee\x80\x80", b"\xf0\x8f\xbf\xbf",
             b"\xf0\x90\x80\x80", b"\xf4\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80", b"\xe2\x82",
             b"\xe2\x82x", b"\xf0\x9f\x98", b"\xf0\x9f\x98x\xf0", b"\x80\x80", b"a\xe2\x28\xa1b", b"\xfe\xff"]
    rnd = random.Random(2023)
    pieces = [b"a", b"\x80", b"\xbf", b"\xc2", b"\xdf", b"\xe0", b"\xe1", b"\xed", b"\xef", b"\xf0", b"\xf4", b"\xf5",
              b"\xa0", b"\x90", b"\x8f", b"\x9f", "é".encode(), "€".encode(), "😀".encode()]
    generated = [b"".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))) for _ in range(3000)]
    cases = []
    for data in fixed + generated:
        case = {"bytes": data.hex(), "replace": [ord(ch) for ch in data.decode("utf-8", "replace")]}
        try:
            case["strict"] = [ord(ch) for ch in data.decode("utf-8")]
        except UnicodeDecodeError as error:
            case["error_start"] = error.start
        cases.append(case)
    return cases


def words(value, bits):
    return [(value >> (32 * i)) & 0xFFFFFFFF for i in range((bits + 31) // 32)]


def random_sequence(seed):
    """One generator, many calls in a row; each op's result depends on every draw before it."""
    rnd = random.Random(seed)
    ops = []
    for _ in range(3):
        ops.append({"op": "next_u32", "result": rnd.getrandbits(32)})
    for _ in range(3):
        ops.append({"op": "random", "result": rnd.random()})
    for k in [0, 1, 5, 17, 31, 32, 33, 63, 64, 65, 100, 128]:
        ops.append({"op": "getrandbits", "args": [k], "result": words(rnd.getrandbits(k), k)})
    for args in [[10], [1], [3, 1000], [0, 100, 7], [100, 0, -3], [-50, 50], [5, 6, 10], [0, 2 ** 40]]:
        ops.append({"op": "randrange", "args": args, "result": rnd.randrange(*args)})
    for args in [[1, 6], [10000, 99999], [0, 2 ** 33], [-3, 3], [7, 7]]:
        ops.append({"op": "randint", "args": args, "result": rnd.randint(*args)})
    for n in [0, 1, 2, 10, 50]:
        items = list(range(n))
        rnd.shuffle(items)
        ops.append({"op": "shuffle", "args": [n], "result": items})
    for n, k in [(10, 3), (21, 5), (22, 5), (22, 6), (85, 6), (86, 6), (100, 10), (1000, 30), (30, 30), (200, 200),
                 (5, 0), (10 ** 6, 4)]:
        ops.append({"op": "sample", "args": [n, k], "result": rnd.sample(range(n), k)})
    for n in [1, 7, 26, 1000]:
        ops.append({"op": "choice", "args": [n], "result": rnd.choice(range(n))})
    for n, k in [(26, 10), (3, 5), (1, 2)]:
        ops.append({"op": "choices", "args": [n, k], "result": rnd.choices(range(n), k=k)})
    for _ in range(2):
        ops.append({"op": "uuid4", "result": str(uuid.UUID(int=rnd.getrandbits(128), version=4))})
    ops.append({"op": "next_u32", "result": rnd.getrandbits(32)})
    return {"seed": seed, "ops": ops}


def reseeded():
    """random.seed(n) on a used generator starts over as random.Random(n)."""
    rnd = random.Random(1)
    rnd.random()
    rnd.seed(42)
    return {"first": 1, "then": 42, "after": [rnd.getrandbits(32) for _ in range(3)]}


def numpy_sequences():
    out = []
    for seed in [0, 1, 42, 555, 2 ** 32 - 1]:
        state = np.random.RandomState(seed)
        calls = [(0, 60000), (1, 50000), (10000, 99999), (0, 2), (5, 6), (-7, 7), (0, 2 ** 32), (0, 1000)]
        out.append({"seed": seed, "calls": [[lo, hi, int(state.randint(lo, hi))] for lo, hi in calls]})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if unicodedata.unidata_version != PINNED_UNICODE:
        sys.exit("Unicode %s here; the tables and this reference are pinned to %s (Debian 12's python3)"
                 % (unicodedata.unidata_version, PINNED_UNICODE))
    os.makedirs(args.out, exist_ok=True)
    code_points = list(range(0x10000)) + [cp for first, last in SUPPLEMENTARY for cp in range(first, last + 1)]
    with open(os.path.join(args.out, "bmp.tsv"), "w", encoding="ascii") as f:
        f.write("# python %s unicode %s\n" % (sys.version.split()[0], unicodedata.unidata_version))
        for cp in code_points:
            f.write(code_point_line(cp) + "\n")
    out = {
        "python": sys.version.split()[0], "unicode": unicodedata.unidata_version,
        "strings": [{"text": t, "strip": t.strip(), "rstrip": t.rstrip(), "lower": t.lower(),
                     "capitalize": t.capitalize(), "length": len(t), "split": t.split()} for t in STRINGS],
        "named": [{"text": t, "lower": t.lower(), "word": [bool(WORD.match(ch)) for ch in t],
                   "normalized": normalize_answer(t)} for t in NAMED],
        "bytes_strip": [{"bytes": b.hex(), "strip": b.strip().hex()} for b in BYTES],
        "slices": [{"text": t, "begin": b, "end": e, "slice": t[b:e]} for t, b, e in SLICES],
        "utf8": utf8_cases(),
        "random": [random_sequence(seed) for seed in [0, 1, 42, 1234, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5, 2 ** 64 - 1]],
        "reseed": reseeded(),
        "numpy": numpy_sequences(),
    }
    with open(os.path.join(args.out, "python.json"), "w") as f:
        json.dump(out, f, ensure_ascii=False)
    print(len(code_points), "code points;", len(out["utf8"]), "UTF-8 cases;", len(out["random"]), "random seeds")


if __name__ == "__main__":
    main()
