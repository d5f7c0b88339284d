#!/usr/bin/env bash
# Runs fuzz targets of the "fuzz" preset for long, two at a time (one core each), and prints the
# table docs/fuzzing.md keeps: target, executions, seconds, findings. Each run stops after
# SECONDS seconds or 10 million executions, whichever comes first.
#   bash fuzz/run_long.sh [seconds=600] [target...]      (default: every fuzz_* target)
# Logs, new inputs and any crash/leak/timeout files: build-fuzz/fuzz-long/<target>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
seconds=${1:-600}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in "$root"/fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
run_one() {  # target seconds
  local out=$1/fuzz-long/$2
  rm -rf "$out" && mkdir -p "$out/corpus"
  local start=$SECONDS
  set +e
  (cd "$out" && UBSAN_OPTIONS=print_stacktrace=1 "$1/$2" -max_total_time="$3" -runs=10000000 -timeout=10 \
     -rss_limit_mb=2048 -print_final_stats=1 corpus "$4/fuzz/corpus/$2" >log 2>&1)
  echo "$?" >"$out/exit"
  echo $((SECONDS - start)) >"$out/seconds"
}
export -f run_one
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c 'run_one "$0" {} "$1" "$2"' "$build" "$seconds" "$root"
echo "| target | executions | seconds | findings |"
echo "| --- | ---: | ---: | --- |"
for t in "${targets[@]}"; do
  out=$build/fuzz-long/$t
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log" | tail -1)
  findings=$(cd "$out" && ls crash-* leak-* timeout-* oom-* 2>/dev/null | tr '\n' ' ' || true)
  [[ $(cat "$out/exit") == 0 && -z $findings ]] && findings=none || findings="exit $(cat "$out/exit") ${findings}"
  echo "| $t | ${runs:-?} | $(cat "$out/seconds") | $findings |"
done
