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

// Generic fallbacks, one token at a time through loglikelihood() and extend(); backends override
// them with batched passes.
std::vector<TokenScores> LanguageModel::loglikelihood_many(const PrefixState& state,
                                                           const std::vector<TokenIds>& continuations) {
  std::vector<TokenScores> out;
  for (const TokenIds& continuation : continuations) {
    if (continuation.empty()) throw std::invalid_argument("loglikelihood_many: empty continuation");
    TokenScores scores;
    std::unique_ptr<PrefixState> extended;
    for (size_t i = 0; i < continuation.size(); ++i) {
      const PrefixState& before = extended ? *extended : state;
      const auto one = loglikelihood(before, TokenIds{continuation[i]});
      scores.logprobs.push_back(one.logprob);
      scores.greedy.push_back(one.is_greedy);
      if (i + 1 < continuation.size()) extended = extend(before, TokenIds{continuation[i]});
    }
    out.push_back(std::move(scores));
  }
  return out;
}

std::vector<std::vector<TokenScores>> LanguageModel::loglikelihood_items(const PrefixState& state,
                                                                         const std::vector<ScoringItem>& items) {
  std::vector<std::vector<TokenScores>> out;
  for (const ScoringItem& item : items) {
    if (item.context.empty()) {
      out.push_back(loglikelihood_many(state, item.continuations));
    } else {
      auto extended = extend(state, item.context);
      out.push_back(loglikelihood_many(*extended, item.continuations));
    }
  }
  return out;
}

std::vector<TokenIds> LanguageModel::generate_greedy_many(const PrefixState& state,
                                                          const std::vector<GenerationRequest>& requests) {
  std::vector<TokenIds> out;
  for (const GenerationRequest& request : requests) {
    if (request.prompt.empty()) {
      out.push_back(generate_greedy(state, request.max_new_tokens, request.stop));
    } else {
      auto extended = extend(state, request.prompt);
      out.push_back(generate_greedy(*extended, request.max_new_tokens, request.stop));
    }
  }
  return out;
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
