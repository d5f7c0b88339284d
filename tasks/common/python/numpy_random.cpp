#include "tasks/common/python/numpy_random.h"

#include <stdexcept>

namespace fot::python {

NumpyLegacyRandom::NumpyLegacyRandom(uint32_t seed) : engine_(seed) {}

uint32_t NumpyLegacyRandom::next_uint32() { return static_cast<uint32_t>(engine_()); }

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

}  // namespace fot::python
