// NumPy's legacy global random generator (np.random.seed / np.random.randint, RandomState), for
// protocols whose reference code draws with it: MT19937 seeded as RandomState.seed(int) does, and
// randint's masked rejection sampling on 32-bit draws. Same seed, same numbers as NumPy.
#pragma once

#include <array>
#include <cstdint>

namespace fot {

class NumpyLegacyRandom {
 public:
  // np.random.seed(seed) for an integer 0 <= seed < 2**32.
  explicit NumpyLegacyRandom(uint32_t seed);
  // np.random.randint(low, high) (default integer dtype): uniform in [low, high), high > low,
  // high - low - 1 < 2**32.
  int64_t randint(int64_t low, int64_t high);
  uint32_t next_uint32();  // MT19937 genrand_int32

 private:
  std::array<uint32_t, 624> state_{};
  int position_ = 624;
};

}  // namespace fot
