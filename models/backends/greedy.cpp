#include "models/backends/greedy.h"

namespace fot {

LoglikelihoodResult score_continuation(const at::Tensor& rows, const TokenIds& continuation) {
  return score_tokens(rows, continuation).summary();
}

TokenScores score_tokens(const at::Tensor& rows, const TokenIds& continuation) {
  auto log_probs = at::log_softmax(rows.to(at::kDouble), -1).contiguous();
  auto greedy = rows.argmax(-1).contiguous();
  auto lp = log_probs.accessor<double, 2>();
  auto top = greedy.accessor<int64_t, 1>();
  TokenScores scores;
  for (size_t i = 0; i < continuation.size(); ++i) {
    scores.logprobs.push_back(lp[i][continuation[i]]);
    scores.greedy.push_back(top[i] == continuation[i]);
  }
  return scores;
}

TokenIds greedy_decode(at::Tensor logits, const std::function<at::Tensor(int32_t)>& step, int max_new_tokens,
                       int32_t eos_id, const StopPredicate& stop) {
  TokenIds out;
  while (static_cast<int>(out.size()) < max_new_tokens) {
    const auto token = static_cast<int32_t>(logits.argmax().item<int64_t>());
    if (token == eos_id) break;
    out.push_back(token);
    if (stop && stop(out)) break;
    if (static_cast<int>(out.size()) == max_new_tokens) break;
    logits = step(token);
  }
  return out;
}

}  // namespace fot
