// The harness's own seeded random numbers (SplitMix64): the same seed gives the same samples on
// every platform. Not numpy-compatible, by design (the reference passkey code uses numpy's global
// RNG; docs/passkey-protocol.md section 2).
#pragma once

#include <cstdint>

namespace fot {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), unbiased (rejection); n > 0.
  uint64_t below(uint64_t n) {
    const uint64_t threshold = (0 - n) % n;
    for (;;) {
      uint64_t r = next();
      if (r >= threshold) return r % n;
    }
  }
  // Uniform in [low, high) like numpy's randint(low, high).
  int64_t randint(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(below(static_cast<uint64_t>(high - low)));
  }

 private:
  uint64_t state_;
};

}  // namespace fot
