// Decoding helpers shared by the LibTorch backends.
#pragma once

#include <ATen/ATen.h>

#include <functional>

#include "models/language_model.h"

namespace fot {

// Sum of log-softmax(rows[i])[continuation[i]] and whether every token was the argmax.
LoglikelihoodResult score_continuation(const at::Tensor& rows, const TokenIds& continuation);
// The same per token: rows [n, V] are the logits that predict continuation[0..n-1].
TokenScores score_tokens(const at::Tensor& rows, const TokenIds& continuation);

// Greedy loop: picks argmax of `logits`, stops on EOS (not returned), the budget or `stop`;
// `step(token)` feeds a token and returns the next logits [V].
TokenIds greedy_decode(at::Tensor logits, const std::function<at::Tensor(int32_t)>& step, int max_new_tokens,
                       int32_t eos_id, const StopPredicate& stop);

}  // namespace fot
