#!/usr/bin/env bash
# Installs what is missing (Debian 12, as root), builds, then runs the main job or every test.
#   bash scripts/setup.sh main   # quickstart run on the shipped models
#   bash scripts/setup.sh test   # every test through CTest, then the ThreadSanitizer preset's tests and
#                                # a short run of each fuzz target (the "fuzz" preset)
# Idempotent: installs only missing packages; rebuilds incrementally (ccache).
set -euo pipefail
mode=${1:-main}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FOT_BUILD_DIR:-$root/build}

packages=(
  build-essential cmake pkg-config ccache git
  clang libclang-rt-14-dev  # libFuzzer and the sanitizers of the fuzz preset
  libtorch-dev libopenblas0-pthread libdnnl-dev  # oneDNN headers: fp32 GEMM (models/llama/fp32_gemm.cpp)
  libsentencepiece-dev sentencepiece
  libbenchmark-dev libgtest-dev libgmock-dev libfmt-dev libboost-program-options-dev libssl-dev
  nlohmann-json3-dev libyaml-cpp-dev gnuplot-nox libicu-dev
  python3 python3-torch python3-sentencepiece python3-numpy python3-scipy
  chromium  # headless: the report test opens report.html and takes a screenshot
  slurmctld slurmd slurm-client munge
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ccache: relative paths so clones share the cache; precompiled headers need the sloppiness.
export CCACHE_BASEDIR="$root" CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)"

case "$mode" in
  main)
    # --resume: a second set-up reuses the samples already computed (or finishes an interrupted run).
    "$build/fot-eval" run "$root/configs/quickstart.yaml" --output "$root/results/quickstart" --resume
    ;;
  test)
    cd "$build"
    ctest --output-on-failure -j"$(nproc)" --timeout 900
    # The two-thread seam tests under ThreadSanitizer (CMakePresets.json "tsan"): only their binary.
    cd "$root"
    cmake --preset tsan >/dev/null
    cmake --build --preset tsan -j"$(nproc)"
    ctest --preset tsan --timeout 900
    # Each parser's libFuzzer target for a few seconds from its seed corpus (docs/fuzzing.md).
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz -j"$(nproc)"
    ctest --preset fuzz --timeout 300
    ;;
  *)
    echo "usage: $0 main|test" >&2
    exit 2
    ;;
esac
