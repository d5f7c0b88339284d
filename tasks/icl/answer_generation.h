// WebQS greedy decoding limits (docs/few-shot-protocol.md section 7): decoding stops at the first generated
// newline (the demonstration separator) or EOS, or after 30 tokens (Hao et al.'s max_len_b); the
// answer is what came before the stop token.
#pragma once

#include <cstdint>

#include "models/language_model.h"

namespace fot::icl {

constexpr int kWebqsMaxNewTokens = 30;

// For LanguageModel::generate_greedy(prefix, kWebqsMaxNewTokens, stop): true once the last
// generated token is `newline` or `eos`, or kWebqsMaxNewTokens tokens have been generated.
StopPredicate webqs_stop_rule(int32_t newline, int32_t eos);

// The answer tokens of a generation: those before the first `newline` or `eos`, at most
// kWebqsMaxNewTokens of them.
TokenIds webqs_answer_tokens(const TokenIds& generated, int32_t newline, int32_t eos);

}  // namespace fot::icl
