#include "tasks/icl/label_scoring.h"

#include <stdexcept>

namespace fot::icl {

double mean_token_logprob(double sum_logprob, size_t label_tokens) {
  if (label_tokens == 0) throw std::invalid_argument("a label has at least one token");
  return sum_logprob / static_cast<double>(label_tokens);
}

size_t best_label(const std::vector<double>& label_scores) {
  if (label_scores.empty()) throw std::invalid_argument("no label scores");
  size_t best = 0;
  for (size_t i = 1; i < label_scores.size(); ++i)
    if (label_scores[i] > label_scores[best]) best = i;
  return best;
}

}  // namespace fot::icl
