#!/usr/bin/env python3
"""Writes run.json for a passkey run directory made before run.json existed (fot-eval up to
commit 862b9b9), so `fot-eval report DIR` can rebuild its results from its samples.jsonl.

Groups are (model, config_hash) in the order of the sample log, which a fresh run writes in plan
order; the commit and metadata come from the old results.json.

Usage: legacy_run_manifest.py RUN_DIR
"""
import json
import os
import sys


def main():
    run_dir = sys.argv[1]
    with open(os.path.join(run_dir, "results.json")) as f:
        metadata = json.load(f)["metadata"]
    metadata.pop("plots", None)
    groups = {}
    order = []
    with open(os.path.join(run_dir, "samples.jsonl")) as f:
        for line in f:
            s = json.loads(line)
            gid = (s["model"], s["config_hash"])
            if gid not in groups:
                order.append(gid)
                axes = ([{"name": "context_tokens", "role": "length"}, {"name": "depth", "role": "depth"}]
                        if s["variant"] == "tokens" else [{"name": "n_garbage", "role": "length"}])
                groups[gid] = {"model": s["model"], "task": s["task"], "variant": s["variant"],
                               "task_index": 0, "model_hash": s["model_hash"], "task_hash": s["task_hash"],
                               "config_hash": s["config_hash"], "axes": axes,
                               "metrics": [{"name": "acc", "kind": "binary"}], "samples": []}
            groups[gid]["samples"].append(s["key"])
    manifest = {"fot_eval_run": 1, "metadata": metadata, "groups": [groups[g] for g in order]}
    with open(os.path.join(run_dir, "run.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
