// The one model interface every task talks to. Token-based and free of LibTorch, so tasks,
// harness and reports compile without it. Text <-> tokens is the Tokenizer's job.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/model_info.h"
#include "models/token_ids.h"
#include "models/token_scores.h"

namespace fot {

// Called after each generated token with all tokens generated so far; return true to stop.
using StopPredicate = std::function<bool(const TokenIds& generated)>;

// One item of a many-items pass: `context` read after the shared state (may be empty), then each
// continuation scored after it. Equal to scoring each continuation after extend(state, context).
struct ScoringItem {
  TokenIds context;
  std::vector<TokenIds> continuations;  // each non-empty
};

// One prompt of a batched generation after a shared state (the prompt may be empty).
struct GenerationRequest {
  TokenIds prompt;
  int max_new_tokens = 0;
  StopPredicate stop;  // may be empty
};

// The model state after reading some tokens. A state is an immutable value: scoring, extending or
// generating from it never changes it, and several threads may use one state at once. fork() gives
// another handle on the same value (cheap; kept for callers that want their own copy).
class PrefixState {
 public:
  virtual ~PrefixState() = default;
  virtual std::unique_ptr<PrefixState> fork() const = 0;
  virtual int64_t num_tokens() const = 0;
};

// Every operation below may be called from several threads at once, on one shared state.
class LanguageModel {
 public:
  virtual ~LanguageModel() = default;
  virtual ModelInfo info() const = 0;

  // A model sharing this one's weights whose input keeps another number of tokens in the local
  // cache (FoT's last_context_length, 1..memory_window), for tasks that pick their own split; its
  // info().memory_config says so. nullptr for backends without memory. The result keeps what it
  // needs of this model alive by itself.
  virtual std::shared_ptr<LanguageModel> with_last_context_length(int64_t last_context_length) const {
    return nullptr;
  }

  // Reads `prefix` once (it should start with BOS where the protocol wants one).
  virtual std::unique_ptr<PrefixState> encode_prefix(const TokenIds& prefix) = 0;

  // The state followed by `tokens` (non-empty), computing only the new tokens; `state` is unchanged.
  // llama: exactly the state of encode_prefix(all tokens) (up to fp32 rounding), within the context
  // limit (beyond it: the overflow policy; keep_last re-reads the last tokens that fit).
  // longllama: `tokens` are one later call with the previous caches (docs/longllama-semantics.md sections 3 and 6),
  // as the reference's multi-turn use with past_key_values:
  //   - the first max(n - last_context_length, 0) of the n tokens are cut into windows of L tokens
  //     (L = max_position_embeddings), then the rest is one more step; each step goes through the
  //     local cache;
  //   - a step of k tokens that would make the local cache exceed L first moves the WHOLE local cache
  //     into memory (memory layers: raw keys and values; other layers drop it), then the step's
  //     tokens become the new local cache;
  //   - so the tokens in memory are exactly those of earlier prefix windows of encode_prefix plus every
  //     local cache that a later step flushed; the tokens of the last steps since the latest flush stay
  //     in the local cache and are not in memory.
  // Where no flush falls inside, extend(extend(s, a), b) equals extend(s, a + b) and feeding the tokens
  // one at a time; where one does, the result depends on the chunks, exactly as the reference's does.
  virtual std::unique_ptr<PrefixState> extend(const PrefixState& state, const TokenIds& tokens) = 0;

  // Several items after one shared state, in one batched pass where the backend can; result[i][j]
  // scores items[i].continuations[j] (non-empty, lengths may differ) after
  // extend(state, items[i].context) (the context may be empty). A score's `batched` says whether it
  // came from the batched pass (longllama scores alone what would flush the local cache).
  virtual std::vector<std::vector<TokenScores>> loglikelihood_items(const PrefixState& state,
                                                                    const std::vector<ScoringItem>& items) = 0;

  // Greedy decoding of several prompts after one shared state, batched where the backend can: at
  // most max_new_tokens each, stopping early on EOS (not returned) or when `stop` says so (the token
  // that triggered it is returned). `batched`, when given, says per request whether it went through
  // the batched pass.
  virtual std::vector<TokenIds> generate_greedy_many(const PrefixState& state,
                                                     const std::vector<GenerationRequest>& requests,
                                                     std::vector<bool>* batched = nullptr) = 0;

  // Conveniences over the calls above, for a single item.
  std::vector<TokenScores> loglikelihood_many(const PrefixState& state, const std::vector<TokenIds>& continuations);
  LoglikelihoodResult loglikelihood(const PrefixState& prefix, const TokenIds& continuation);
  TokenIds generate_greedy(const PrefixState& prefix, int max_new_tokens, const StopPredicate& stop = {});
  LoglikelihoodResult loglikelihood(const TokenIds& context, const TokenIds& continuation);
  TokenIds generate_greedy(const TokenIds& prompt, int max_new_tokens, const StopPredicate& stop = {});
};

}  // namespace fot
