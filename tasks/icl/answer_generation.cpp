#include "tasks/icl/answer_generation.h"

namespace fot::icl {

Generation webqs_generation(int32_t newline, int32_t eos) { return {kWebqsMaxNewTokens, {newline, eos}}; }

TokenIds webqs_answer_tokens(const TokenIds& generated, int32_t newline, int32_t eos) {
  TokenIds answer;
  for (int32_t id : generated) {
    if (id == newline || id == eos || answer.size() >= static_cast<size_t>(kWebqsMaxNewTokens)) break;
    answer.push_back(id);
  }
  return answer;
}

}  // namespace fot::icl
