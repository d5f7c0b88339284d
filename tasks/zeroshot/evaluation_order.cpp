#include "tasks/zeroshot/evaluation_order.h"

#include <numeric>

#include "tasks/common/python/random.h"

namespace fot::zeroshot {

std::vector<size_t> evaluation_order(size_t n, long limit, uint32_t seed) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  python::PythonRandom(seed).shuffle(order);
  if (limit >= 0 && static_cast<size_t>(limit) < n) order.resize(static_cast<size_t>(limit));
  return order;
}

}  // namespace fot::zeroshot
