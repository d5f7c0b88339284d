// Records in a benchmark's context which BLAS backs LibTorch in this process: the reference BLAS
// is ~30x slower than OpenBLAS, and every figure depends on it.
#pragma once

#include <benchmark/benchmark.h>

#include <ATen/ATen.h>

#include <fstream>
#include <string>

namespace fot::bench {

inline std::string live_blas() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line))
    if (line.find("openblas") != std::string::npos) return "OpenBLAS (" + line.substr(line.find('/')) + ")";
  return "not OpenBLAS (reference BLAS is ~30x slower: apt-get install libopenblas0-pthread)";
}

// Runs one tiny product first, so the BLAS library is loaded and visible in /proc/self/maps.
inline void add_blas_context() {
  at::mm(at::ones({2, 2}), at::ones({2, 2}));
  benchmark::AddCustomContext("blas", live_blas());
}

}  // namespace fot::bench
