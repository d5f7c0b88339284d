// Timing, page-fault and summary helpers shared by the side-by-side benchmarks. Header-only:
// benchmarks only.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace fot::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Minor page faults of this process so far (a fresh page costs a host fault on these VMs).
inline int64_t minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

inline double median(std::vector<double> v) {
  // quiet_NaN prints as "nan"; 0.0 / 0.0 is the x86 default NaN, which has the sign bit and prints "-nan".
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// "[0.912 0.954 0.887]": every round's figure, so the spread is visible beside the median.
inline std::string spread(const std::vector<double>& v) {
  std::string out;
  for (double x : v) out += fmt::format("{}{:.3f}", out.empty() ? "" : " ", x);
  return "[" + out + "]";
}

// Deterministic token ids in 3..31992 (no BOS/EOS), different per seed.
inline std::vector<int32_t> token_ids(int64_t count, int64_t seed, int64_t vocab = 32000) {
  std::vector<int32_t> ids(count);
  const int64_t span = std::max<int64_t>(1, vocab - 10);
  for (int64_t i = 0; i < count; ++i) ids[i] = static_cast<int32_t>(3 + (i * 7919 + seed * 104729) % span);
  return ids;
}

}  // namespace fot::bench
