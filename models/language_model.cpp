#include "models/language_model.h"

#include <stdexcept>

#include "common/input_error.h"

namespace fot {

const char* to_string(OverflowPolicy policy) {
  return policy == OverflowPolicy::kError ? "error" : "keep_last";
}

OverflowPolicy parse_overflow_policy(const std::string& text) {
  if (text == "error") return OverflowPolicy::kError;
  if (text == "keep_last") return OverflowPolicy::kKeepLast;
  throw InputError("overflow policy must be 'error' or 'keep_last', got '" + text + "'");
}

LoglikelihoodResult TokenScores::summary() const {
  LoglikelihoodResult result{0.0, true};
  for (double logprob : logprobs) result.logprob += logprob;
  for (bool top : greedy) result.is_greedy = result.is_greedy && top;
  return result;
}

std::vector<TokenScores> LanguageModel::loglikelihood_many(const PrefixState& state,
                                                           const std::vector<TokenIds>& continuations) {
  return std::move(loglikelihood_items(state, {ScoringItem{{}, continuations}}).front());
}

LoglikelihoodResult LanguageModel::loglikelihood(const PrefixState& prefix, const TokenIds& continuation) {
  if (continuation.empty()) throw std::invalid_argument("loglikelihood: empty continuation");
  return loglikelihood_many(prefix, {continuation}).front().summary();
}

TokenIds LanguageModel::generate_greedy(const PrefixState& prefix, int max_new_tokens, const StopPredicate& stop) {
  return std::move(generate_greedy_many(prefix, {GenerationRequest{{}, max_new_tokens, stop}}).front());
}

LoglikelihoodResult LanguageModel::loglikelihood(const TokenIds& context, const TokenIds& continuation) {
  auto state = encode_prefix(context);
  return loglikelihood(*state, continuation);
}

TokenIds LanguageModel::generate_greedy(const TokenIds& prompt, int max_new_tokens, const StopPredicate& stop) {
  auto state = encode_prefix(prompt);
  return generate_greedy(*state, max_new_tokens, stop);
}

}  // namespace fot
