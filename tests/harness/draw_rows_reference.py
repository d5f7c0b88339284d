#!/usr/bin/env python3
"""Expected result rows for the test tasks of task_axes_test.cpp, computed from a run's
samples.jsonl with Debian's python3-scipy, independently of the C++ aggregation:

  - tasks with a draw axis: per sweep point, the mean of the per-draw means, their standard error
    (scipy.stats.sem over draws) and the 95% t-interval over draws (scipy.stats.t.interval with
    n_draws - 1 degrees of freedom); then one row per draw: Wilson interval for 0/1 metrics, t over
    the draw's samples for continuous ones;
  - tasks without axes: one row per metric over all samples.

Usage: draw_rows_reference.py SAMPLES_JSONL  (prints JSON rows)
"""
import json
import math
import sys
from collections import OrderedDict

from scipy import stats

BINARY = {"acc"}
Z = stats.norm.ppf(0.975)


def wilson(values):
    n = len(values)
    p = sum(values) / n
    center = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return max(0.0, center - half), min(1.0, center + half)


def t_summary(values):
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, None, mean, mean
    sem = float(stats.sem(values))
    low, high = stats.t.interval(0.95, len(values) - 1, loc=mean, scale=sem)
    return mean, sem, float(low), float(high)


def row(model, budget, draw, metric, n, mean, sem, low, high, n_draws, method):
    return {"model": model, "budget": budget, "draw": draw, "metric": metric, "n": n, "value": mean,
            "stderr": sem, "ci_low": low, "ci_high": high, "n_draws": n_draws, "ci_method": method}


def main():
    samples = [json.loads(line) for line in open(sys.argv[1])]
    rows = []
    points = OrderedDict()
    for s in samples:
        points.setdefault((s["model"], s["task"], s.get("budget")), []).append(s)
    for (model, task, budget), group in points.items():
        metrics = list(group[0]["metrics"].keys())
        if "draw" not in group[0]:
            for metric in metrics:
                values = [s["metrics"][metric] for s in group]
                rows.append(row(model, None, None, metric, len(values), *t_summary(values), None, "t"))
            continue
        draws = OrderedDict()
        for s in group:
            draws.setdefault(s["draw"], []).append(s)
        for metric in metrics:
            means = [sum(s["metrics"][metric] for s in d) / len(d) for d in draws.values()]
            mean, sem, low, high = t_summary(means)
            rows.append(row(model, budget, None, metric, len(group), mean, sem, low, high, len(means), "t_draws"))
        for draw, d in draws.items():
            for metric in metrics:
                values = [s["metrics"][metric] for s in d]
                if metric in BINARY:
                    mean = sum(values) / len(values)
                    sem = float(stats.tstd(values) / math.sqrt(len(values))) if len(values) > 1 else None
                    low, high = wilson(values)
                    rows.append(row(model, budget, draw, metric, len(values), mean, sem, low, high, None, "wilson"))
                else:
                    rows.append(row(model, budget, draw, metric, len(values), *t_summary(values), None, "t"))
    json.dump(rows, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
