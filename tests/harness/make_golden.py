#!/usr/bin/env python3
"""Golden values for tests/harness, computed independently of the C++ code:

  sha256.json       hashlib digests of a few inputs (the C++ SHA-256);
  stats.json        Wilson intervals and closed-form standard errors, from the textbook formulas;
  landmark/*.txt    passkey prompts built from the text of docs/passkey-protocol.md
                    (Landmark Attention's prompt as LongLLaMA's examples/utils/landmark_prompt.py
                    builds it), for given (n_garbage, n_prefix, key); landmark/cases.json lists them.

Usage: make_golden.py --out DIR
"""
import argparse
import hashlib
import json
import math
import os
import statistics


def sha256_cases():
    inputs = [
        b"",
        b"abc",
        b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        bytes(range(256)),
        "naïve café 東京 ▁".encode("utf-8"),
    ] + [b"x" * n for n in (55, 56, 63, 64, 65, 119, 120, 127, 128, 129)]
    cases = [{"hex": data.hex(), "sha256": hashlib.sha256(data).hexdigest()} for data in inputs]
    cases.append({"repeat": "a", "count": 1000000, "sha256": hashlib.sha256(b"a" * 1000000).hexdigest()})
    return cases


def wilson(successes, n, z):
    # Score interval in the (x + z^2/2) / (n + z^2) form.
    p = successes / n
    center = (successes + z * z / 2) / (n + z * z)
    half = z * math.sqrt(n) / (n + z * z) * math.sqrt(p * (1 - p) + z * z / (4 * n))
    return max(0.0, center - half), min(1.0, center + half)


def stats_cases():
    z = 1.959963984540054
    assert abs(statistics.NormalDist().inv_cdf(0.975) - z) < 1e-12
    wilson_cases = []
    for successes, n in [(0, 1), (1, 1), (0, 10), (10, 10), (5, 10), (3, 7), (189, 200), (73, 100), (1, 1000), (999, 1000)]:
        low, high = wilson(successes, n, z)
        wilson_cases.append({"successes": successes, "n": n, "low": low, "high": high})
    stderr_cases = []
    for values in [[1, 0, 1, 1], [0.5, 0.25, 0.75], [1, 1, 1], [0, 1], [0.1 * i for i in range(17)]]:
        stderr_cases.append({"values": values, "mean": statistics.fmean(values),
                             "stderr": statistics.stdev(values) / math.sqrt(len(values))})
    # Student-t intervals from Debian's python3-scipy.
    from scipy import stats
    t_cases = []
    for values in [[0.5, 0.25, 0.75], [0.1, 0.9], [0.62, 0.71, 0.58, 0.66, 0.69], [0.1 * i for i in range(17)],
                   [3.5, -1.25, 0.0, 2.0, 7.75, 1.5, 0.25, 4.0, -0.5, 2.25, 1.0, 0.75, 3.0, 1.25, 0.5, 2.5, 1.75, 0.0, 6.0, 2.0]]:
        mean = statistics.fmean(values)
        low, high = stats.t.interval(0.95, len(values) - 1, loc=mean, scale=stats.sem(values))
        t_cases.append({"values": values, "mean": mean, "low": float(low), "high": float(high)})
    t_quantiles = [{"dof": dof, "q": float(stats.t.ppf(0.975, dof))} for dof in (1, 2, 3, 4, 9, 19, 30, 100, 1000)]
    return {"z": z, "wilson": wilson_cases, "stderr": stderr_cases, "t_intervals": t_cases,
            "t_quantiles": t_quantiles}


# docs/passkey-protocol.md, typed from the document.
TASK = ("There is an important info hidden inside a lot of irrelevant text. Find it and memorize them. "
        "I will quiz you about the important information there.")
UNIT = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again."
QUESTION = "What is the pass key? The pass key is"


def landmark_prompt(n_garbage, n_prefix, key):
    garbage_inf = " ".join([UNIT] * 5000)
    assert len(garbage_inf) >= n_garbage
    prefix = garbage_inf[:n_prefix]
    suffix = garbage_inf[:n_garbage - n_prefix]
    information = f"The pass key is {key}. Remember it. {key} is the pass key."
    return "\n".join([TASK, prefix, information, suffix, QUESTION])


def landmark_cases():
    return [
        (1, 0, 1),
        (10, 3, 7),
        (100, 50, 42),
        (89, 89, 99),      # prefix is exactly one unit, empty suffix
        (90, 44, 12345),   # cuts mid-word
        (1000, 0, 49999),
        (1000, 999, 1),
        (30000, 12345, 31415),
        (60000, 27182, 8128),
        (449999, 224999, 49999),  # the whole garbage_inf of the reference
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    out = parser.parse_args().out
    os.makedirs(os.path.join(out, "landmark"), exist_ok=True)
    with open(os.path.join(out, "sha256.json"), "w") as f:
        json.dump(sha256_cases(), f, indent=1)
    with open(os.path.join(out, "stats.json"), "w") as f:
        json.dump(stats_cases(), f, indent=1)
    cases = []
    for n_garbage, n_prefix, key in landmark_cases():
        name = f"landmark_{n_garbage}_{n_prefix}_{key}.txt"
        with open(os.path.join(out, "landmark", name), "w", encoding="utf-8", newline="") as f:
            f.write(landmark_prompt(n_garbage, n_prefix, key))
        cases.append({"n_garbage": n_garbage, "n_prefix": n_prefix, "key": key, "file": name})
    with open(os.path.join(out, "landmark", "cases.json"), "w") as f:
        json.dump(cases, f, indent=1)
    garbage = " ".join([UNIT] * 5000)
    with open(os.path.join(out, "landmark", "garbage_inf.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(garbage)


if __name__ == "__main__":
    main()
