// NumPy's legacy global random generator (np.random.seed / np.random.randint, RandomState), for
// protocols whose reference code draws with it: MT19937 seeded as RandomState.seed(int) does, and
// randint's masked rejection sampling on 32-bit draws. Same seed, same numbers as NumPy.
#pragma once

#include <cstdint>
#include <random>

namespace fot::python {

class NumpyLegacyRandom {
 public:
  // np.random.seed(seed) for an integer 0 <= seed < 2**32.
  explicit NumpyLegacyRandom(uint32_t seed);
  // np.random.randint(low, high) (default integer dtype): uniform in [low, high), high > low,
  // high - low - 1 < 2**32.
  int64_t randint(int64_t low, int64_t high);
  uint32_t next_uint32();  // MT19937 genrand_int32

 private:
  // RandomState.seed(int) seeds MT19937 with Knuth's linear initialisation (init_genrand, not
  // init_by_array), which is exactly how the standard specifies std::mt19937's seed constructor.
  std::mt19937 engine_;
};

}  // namespace fot::python
