// WebQS greedy decoding limits (docs/few-shot-protocol.md section 7): decoding stops at the first generated
// newline (the demonstration separator) or EOS, or after 30 tokens (Hao et al.'s max_len_b); the
// answer is what came before the stop token.
#pragma once

#include <cstdint>

#include "models/token_ids.h"
#include "tasks/request.h"

namespace fot::icl {

constexpr int kWebqsMaxNewTokens = 30;

// The request's generation: at most kWebqsMaxNewTokens tokens, stopping after `newline` or `eos`.
Generation webqs_generation(int32_t newline, int32_t eos);

// The answer tokens of a generation: those before the first `newline` or `eos`, at most
// kWebqsMaxNewTokens of them.
TokenIds webqs_answer_tokens(const TokenIds& generated, int32_t newline, int32_t eos);

}  // namespace fot::icl
