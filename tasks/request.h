// What a task asks of a model, and what comes back: the requests of one work item, as
// lm-evaluation-harness's request/instance model describes them. A task builds requests and reads
// responses; the executor (harness/execution/executor.h) decides how to run them well. No model,
// no model state, no LibTorch here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/token_ids.h"
#include "models/token_scores.h"

namespace fot {

// Greedy decoding: at most max_new_tokens; stops early at EOS (not returned) or after a token in
// stop_tokens (returned).
struct Generation {
  int max_new_tokens = 0;
  std::vector<int32_t> stop_tokens;
};

struct Request {
  // The context is `shared` followed by `context`. Requests whose shared_key is equal and non-empty
  // have equal `shared` tokens: the executor reads them once per model and variant (a cached state)
  // and reads each request's `context` after that state, as the reference code's later calls with
  // past_key_values. Empty shared_key: the context is read from scratch (equal contexts once).
  TokenIds shared;
  std::string shared_key;
  TokenIds context;
  // Exactly one of: continuations to score (log p(continuation | context), each non-empty) or a
  // greedy generation after the context.
  std::vector<TokenIds> continuations;
  bool generate = false;
  Generation generation;
  // The model variant: FoT's last_context_length for memory models; 0 = the model's own.
  int64_t last_context_length = 0;
  // Continuations only, no shared part: each continuation is one forward call on context +
  // continuation from scratch under last_context_length, as lm-evaluation-harness computes a
  // loglikelihood request (on a memory model the split into memory and local cache then depends on
  // the continuation's length). false: each continuation is scored after the state of the context.
  bool one_call_per_continuation = false;
};

struct Response {
  std::vector<TokenScores> scores;  // per continuation
  TokenIds generated;               // a generation's tokens
};

}  // namespace fot
