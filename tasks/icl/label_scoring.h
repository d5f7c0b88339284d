// TREC scoring (docs/few-shot-protocol.md section 6): a label's score is the mean log-probability of its
// tokens given the prompt (Hao et al.: loss.sum(-1) / loss_mask.sum(-1)); the prediction is the
// best-scoring label, a tie going to the earlier label in the list (torch.argmax's first index).
#pragma once

#include <cstddef>
#include <vector>

namespace fot::icl {

// sum_logprob: sum over the label's tokens of log p(token | everything before it).
double mean_token_logprob(double sum_logprob, size_t label_tokens);

// Index of the highest score, the first one on ties. Requires a non-empty list.
size_t best_label(const std::vector<double>& label_scores);

}  // namespace fot::icl
