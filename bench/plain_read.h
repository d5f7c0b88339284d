// The plain read the decoding benchmarks compare against: summing a buffer once on the block
// threads (as many as decoding uses), bytes per second. Header-only: benchmarks only.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "models/parallel_blocks.h"

namespace fot::bench {

inline double read_bytes_per_s(const std::vector<uint64_t>& buffer) {
  const int64_t threads = fot::default_block_threads();
  const int64_t words = static_cast<int64_t>(buffer.size()), chunk = (words + threads - 1) / threads;
  std::vector<uint64_t> sums(threads);
  const auto start = std::chrono::steady_clock::now();
  fot::run_blocks(threads, threads, [&](int64_t t) {
    const uint64_t* p = buffer.data() + t * chunk;
    const int64_t n = std::min(chunk, words - t * chunk);
    uint64_t a = 0, b = 0, c = 0, d = 0;
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
      a += p[i];
      b += p[i + 1];
      c += p[i + 2];
      d += p[i + 3];
    }
    for (; i < n; ++i) a += p[i];
    sums[t] = a + b + c + d;
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  volatile uint64_t keep = 0;
  for (uint64_t s : sums) keep = keep + s;
  return static_cast<double>(words) * 8 / seconds;
}

// Best of three reads: the machine's drift only ever slows a read down.
inline double best_read_bytes_per_s(const std::vector<uint64_t>& buffer) {
  return std::max({read_bytes_per_s(buffer), read_bytes_per_s(buffer), read_bytes_per_s(buffer)});
}

}  // namespace fot::bench
