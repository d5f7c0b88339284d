#!/usr/bin/env python3
"""Runs bench/prefill_bench and the eager PyTorch baseline on the same machine, one after the
other, and prints the ratios the LLaMA-core issue asks for:
  ours / plain matmul GFLOPS (target >= 0.85 at 2048 tokens) and ours / eager PyTorch tokens/s.
usage: bench/compare_prefill.py BUILD_DIR"""
import json
import os
import subprocess
import sys


def median_counter(benchmarks, name, counter):
    rows = [b for b in benchmarks if b["run_name"] == name and b.get("aggregate_name") == "median"]
    return rows[0][counter]


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    here = os.path.dirname(os.path.abspath(__file__))
    ours = subprocess.run([os.path.join(build, "bench", "prefill_bench"), "--benchmark_format=json",
                           "--benchmark_repetitions=3"], check=True, capture_output=True, text=True)
    data = json.loads(ours.stdout)
    eager = subprocess.run(["/usr/bin/python3", os.path.join(here, "eager_pytorch_prefill.py")],
                           check=True, capture_output=True, text=True)
    eager_rows = {row["tokens"]: row for row in map(json.loads, eager.stdout.splitlines())}
    print(f"blas: {data['context'].get('blas', '?')}")
    print(f"{'tokens':>6} {'matmul GFLOPS':>14} {'ours GFLOPS':>12} {'ours/matmul':>12} "
          f"{'ours tok/s':>11} {'eager tok/s':>12} {'ours/eager':>11}")
    for tokens in (512, 2048):
        matmul = median_counter(data["benchmarks"], f"BM_PlainMatmul/{tokens}/min_time:2.000/real_time", "GFLOPS")
        name = f"BM_LayerStackPrefill/{tokens}/min_time:4.000/real_time"
        gflops = median_counter(data["benchmarks"], name, "GFLOPS")
        tps = median_counter(data["benchmarks"], name, "tokens_per_s")
        eager_tps = eager_rows[tokens]["tokens_per_s"]
        print(f"{tokens:>6} {matmul:>14.1f} {gflops:>12.1f} {gflops / matmul:>12.2f} "
              f"{tps:>11.1f} {eager_tps:>12.1f} {tps / eager_tps:>11.2f}")


if __name__ == "__main__":
    main()
