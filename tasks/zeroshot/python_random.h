// Python's random.Random, as far as lm-evaluation-harness v0.3.0 (document order) and RULER's
// synthetic generators use it: MT19937 seeded by init_by_array (random.seed(n) for 0 <= n < 2^32
// uses the key [n]), getrandbits, the randbelow rejection loop, random(), shuffle and sample.
// std::mt19937 + seed_seq gives a different stream.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace fot::zeroshot {

class PythonRandom {
 public:
  explicit PythonRandom(uint32_t seed);

  uint32_t next_u32();              // genrand_uint32
  uint32_t getrandbits(int bits);   // 1 <= bits <= 32
  uint64_t randbelow(uint64_t n);   // n in [1, 2^32)
  // getrandbits(bits) for any bits >= 1, as 32-bit words, least significant first (CPython fills
  // them in that order; only the last, partial word is shifted).
  std::vector<uint32_t> getrandbits_words(int bits);
  double random();  // random.random(): 53 bits from two draws

  // random.sample(range(n), k): the indices drawn, in CPython's order (a pool for small n, else
  // rejection against the set of those already drawn). sample(population, k) is population[i] of these.
  std::vector<size_t> sample_indices(size_t n, size_t k);

  // random.shuffle(x): for i from n-1 down to 1, swap x[i] with x[randbelow(i+1)].
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i-- > 1;) std::swap(items[i], items[randbelow(i + 1)]);
  }

 private:
  std::array<uint32_t, 624> state_{};
  int index_ = 624;
};

// The evaluator's document order for a split of n documents: indices 0..n-1 shuffled by
// random.Random(seed) (seed 42 in v0.3.0), then cut to the first `limit` (limit < 0: all).
std::vector<size_t> evaluation_order(size_t n, long limit = -1, uint32_t seed = 42);

}  // namespace fot::zeroshot
