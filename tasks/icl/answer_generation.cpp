#include "tasks/icl/answer_generation.h"

namespace fot::icl {

StopPredicate webqs_stop_rule(int32_t newline, int32_t eos) {
  return [newline, eos](const TokenIds& generated) {
    if (generated.empty()) return false;
    const int32_t last = generated.back();
    return last == newline || last == eos || generated.size() >= static_cast<size_t>(kWebqsMaxNewTokens);
  };
}

TokenIds webqs_answer_tokens(const TokenIds& generated, int32_t newline, int32_t eos) {
  TokenIds answer;
  for (int32_t id : generated) {
    if (id == newline || id == eos || answer.size() >= static_cast<size_t>(kWebqsMaxNewTokens)) break;
    answer.push_back(id);
  }
  return answer;
}

}  // namespace fot::icl
