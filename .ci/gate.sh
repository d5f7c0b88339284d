#!/usr/bin/env bash
# The CI accuracy gate: runs configs/ci-gate.yaml on the shipped small models and compares it with
# the committed baseline run (.ci/gate-baseline) through `fot-eval compare`. Exit 3 when a row fell
# by more than its tolerance and significantly (the rows are printed), 2 on bad input, 0 otherwise.
#   bash .ci/gate.sh [BUILD_DIR]
# FOT_GATE_BASELINE: another baseline run directory; FOT_GATE_OUTPUT: where the run and the
# comparison go (default BUILD_DIR/gate); FOT_GATE_RESUME=1 reuses samples already in the output,
# whichever commit computed them (tests only: a real gate computes every sample with this code).
# Refreshing the baseline after an intended change:
#   build/fot-eval run configs/ci-gate.yaml -o .ci/gate-baseline --overwrite
#   (then keep run.json, samples.jsonl and results.md: rm -r .ci/gate-baseline/{plots,timings.jsonl,results.csv,results.json})
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${FOT_BUILD_DIR:-$root/build}}
baseline=${FOT_GATE_BASELINE:-$root/.ci/gate-baseline}
out=${FOT_GATE_OUTPUT:-$build/gate}
mode=--overwrite
[[ "${FOT_GATE_RESUME:-0}" == 1 ]] && mode=--resume-across-commits
mkdir -p "$out"
"$build/fot-eval" run "$root/configs/ci-gate.yaml" --output "$out/run" "$mode" >"$out/run.log" 2>&1 || {
  rc=$?
  cat "$out/run.log" >&2
  echo "gate: the gate run failed (exit $rc)" >&2
  exit "$rc"
}
rc=0
"$build/fot-eval" compare "$baseline" "$out/run" --output "$out/compare" || rc=$?
case $rc in
  0) echo "gate: passed (no significant fall beyond tolerance against $baseline)" ;;
  3) echo "gate: FAILED: accuracy fell (rows above; table in $out/compare/comparison.md)" >&2 ;;
  *) echo "gate: compare could not run (exit $rc)" >&2 ;;
esac
exit "$rc"
