#include "models/language_model.h"

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

LoglikelihoodResult LanguageModel::loglikelihood(const TokenIds& context, const TokenIds& continuation) {
  auto state = encode_prefix(context);
  return loglikelihood(*state, continuation);
}

TokenIds LanguageModel::generate_greedy(const TokenIds& prompt, int max_new_tokens, const StopPredicate& stop) {
  auto state = encode_prefix(prompt);
  return generate_greedy(*state, max_new_tokens, stop);
}

}  // namespace fot
