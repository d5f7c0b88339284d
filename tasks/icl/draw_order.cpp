#include "tasks/icl/draw_order.h"

#include <numeric>
#include <random>
#include <utility>

namespace fot::icl {

std::vector<uint32_t> draw_seeds(int draws) {
  std::vector<uint32_t> seeds(draws > 0 ? static_cast<size_t>(draws) : 0);
  std::iota(seeds.begin(), seeds.end(), 1u);
  return seeds;
}

std::vector<size_t> draw_permutation(size_t n, uint32_t seed) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::mt19937 generator(seed);
  constexpr uint64_t kRange = uint64_t{1} << 32;
  for (size_t i = n; i-- > 1;) {
    const uint64_t bound = i + 1;
    const uint64_t limit = kRange - kRange % bound;
    uint64_t r;
    do {
      r = generator();
    } while (r >= limit);
    std::swap(order[i], order[r % bound]);
  }
  return order;
}

}  // namespace fot::icl
