#include "models/backends/greedy.h"

namespace fot {

LoglikelihoodResult score_continuation(const at::Tensor& rows, const TokenIds& continuation) {
  auto log_probs = at::log_softmax(rows.to(at::kDouble), -1);
  auto greedy = rows.argmax(-1);
  LoglikelihoodResult result{0.0, true};
  for (size_t i = 0; i < continuation.size(); ++i) {
    result.logprob += log_probs[i][continuation[i]].item<double>();
    if (greedy[i].item<int64_t>() != continuation[i]) result.is_greedy = false;
  }
  return result;
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
