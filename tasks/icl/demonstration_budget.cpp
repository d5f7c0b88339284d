#include "tasks/icl/demonstration_budget.h"

namespace fot::icl {

bool demonstration_fits(int64_t accepted_tokens, int64_t length, int64_t reserve, int64_t budget) {
  return 1 + accepted_tokens + length + 1 + reserve < budget;
}

size_t demonstrations_within_budget(const std::vector<int64_t>& row_lengths, const std::vector<size_t>& order,
                                    int64_t reserve, int64_t budget) {
  int64_t accepted_tokens = 0;
  size_t n = 0;
  for (; n < order.size(); ++n) {
    const int64_t length = row_lengths.at(order[n]);
    if (!demonstration_fits(accepted_tokens, length, reserve, budget)) break;
    accepted_tokens += length;
  }
  return n;
}

size_t first_demonstration_within_window(const std::vector<int64_t>& row_lengths, const std::vector<size_t>& order,
                                         size_t accepted, int64_t reserve, int64_t window) {
  int64_t kept_tokens = 0;
  size_t first = accepted;
  while (first > 0) {
    const int64_t length = row_lengths.at(order.at(first - 1));
    if (!demonstration_fits(kept_tokens, length, reserve, window)) break;
    kept_tokens += length;
    --first;
  }
  return first;
}

}  // namespace fot::icl
