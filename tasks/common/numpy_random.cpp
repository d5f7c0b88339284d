#include "tasks/common/numpy_random.h"

#include <stdexcept>

namespace fot {

namespace {
constexpr int kN = 624, kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU, kUpper = 0x80000000U, kLower = 0x7fffffffU;
}  // namespace

// RandomState.seed(int) -> _legacy_seeding -> mt19937_seed: Knuth's linear initialisation
// (init_genrand), not init_by_array (used only for array seeds).
NumpyLegacyRandom::NumpyLegacyRandom(uint32_t seed) {
  state_[0] = seed;
  for (int i = 1; i < kN; ++i)
    state_[i] = 1812433253U * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<uint32_t>(i);
  position_ = kN;
}

uint32_t NumpyLegacyRandom::next_uint32() {
  if (position_ >= kN) {
    for (int i = 0; i < kN; ++i) {
      const uint32_t y = (state_[i] & kUpper) | (state_[(i + 1) % kN] & kLower);
      state_[i] = state_[(i + kM) % kN] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
    }
    position_ = 0;
  }
  uint32_t y = state_[position_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

// RandomState.randint -> _rand_int64(low, high - 1, masked) -> random_bounded_uint64_fill: for a
// range below 2**32, draw 32 bits, mask to the smallest 2**k - 1 covering the range, reject above.
int64_t NumpyLegacyRandom::randint(int64_t low, int64_t high) {
  if (high <= low) throw std::invalid_argument("randint: high <= low");
  const uint64_t range = static_cast<uint64_t>(high - low - 1);
  if (range > 0xffffffffULL) throw std::invalid_argument("randint: range beyond 32 bits");
  if (range == 0) return low;
  uint32_t mask = static_cast<uint32_t>(range);
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  uint32_t value;
  do {
    value = next_uint32() & mask;
  } while (value > range);
  return low + static_cast<int64_t>(value);
}

}  // namespace fot
