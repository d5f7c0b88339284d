// Scores of a continuation, as the model boundary returns them. No LibTorch.
#pragma once

#include <vector>

namespace fot {

struct LoglikelihoodResult {
  double logprob = 0.0;   // sum of log p(continuation token | everything before it)
  bool is_greedy = false; // every continuation token was the argmax
};

// Per-token scores of one continuation: logprobs[i] = log p(continuation[i] | everything before it),
// greedy[i] = continuation[i] was the argmax there.
struct TokenScores {
  std::vector<double> logprobs;
  std::vector<bool> greedy;
  // The backend scored it in a batched pass with other continuations (the executor reports items
  // that share a context yet left that path).
  bool batched = false;
  LoglikelihoodResult summary() const;  // the sum, and whether every token was greedy
};

}  // namespace fot
