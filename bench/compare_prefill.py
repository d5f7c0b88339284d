#!/usr/bin/env python3
"""Runs bench/prefill_bench and the eager PyTorch baseline on the same machine and prints the ratios
the README's benchmark section reports:
  ours / plain matmul GFLOPS (target >= 0.85 at 2048 tokens): prefill_bench's of_matmul counter, the
    plain matmul timed right before and right after each prefill;
  ours / eager PyTorch tokens/s (target >= 1.35 at 2048 tokens): one round is ours then eager, one
    after the other, and each round gives its own ratio.
A shared machine drifts by 10-30% from one minute to the next, so only measurements taken side by
side compare; the medians over --rounds rounds are printed, and every round's figures beside them.
usage: bench/compare_prefill.py [BUILD_DIR] [--rounds N]"""
import argparse
import json
import os
import statistics
import subprocess

TOKENS = (512, 2048)


def run_ours(build):
    out = subprocess.run([os.path.join(build, "bench", "prefill_bench"), "--benchmark_format=json",
                          "--benchmark_filter=BM_LayerStackPrefill"], check=True, capture_output=True, text=True)
    data = json.loads(out.stdout)
    rows = {}
    for bench in data["benchmarks"]:
        tokens = int(bench["run_name"].split("/")[1])
        rows[tokens] = bench
    return data["context"].get("blas", "?"), rows


def run_eager(here):
    out = subprocess.run(["/usr/bin/python3", os.path.join(here, "eager_pytorch_prefill.py"), "--repeats", "1"],
                         check=True, capture_output=True, text=True)
    return {row["tokens"]: row for row in map(json.loads, out.stdout.splitlines())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default="build")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    of_matmul = {t: [] for t in TOKENS}
    of_eager = {t: [] for t in TOKENS}
    ours_tps = {t: [] for t in TOKENS}
    eager_tps = {t: [] for t in TOKENS}
    blas = "?"
    for _ in range(args.rounds):
        blas, ours = run_ours(args.build)
        eager = run_eager(here)
        for t in TOKENS:
            of_matmul[t].append(ours[t]["of_matmul"])
            ours_tps[t].append(ours[t]["tokens_per_s"])
            eager_tps[t].append(eager[t]["tokens_per_s"])
            of_eager[t].append(ours[t]["tokens_per_s"] / eager[t]["tokens_per_s"])
    print(f"blas: {blas}; medians of {args.rounds} rounds (each round's figures in brackets)")
    print(f"{'tokens':>6} {'ours/matmul':>12} {'ours tok/s':>11} {'eager tok/s':>12} {'ours/eager':>11}")
    for t in TOKENS:
        print(f"{t:>6} {statistics.median(of_matmul[t]):>12.2f} {statistics.median(ours_tps[t]):>11.1f} "
              f"{statistics.median(eager_tps[t]):>12.1f} {statistics.median(of_eager[t]):>11.2f}")
        print(f"{'':>6} [{', '.join(f'{r:.2f}' for r in of_matmul[t])}] [{', '.join(f'{r:.2f}' for r in of_eager[t])}]")


if __name__ == "__main__":
    main()
