#include "models/backends/llama_backend.h"

#include <fmt/format.h>

#include "models/backends/context_overflow.h"
#include "models/backends/greedy.h"

namespace fot {
namespace {

class LlamaPrefix : public PrefixState {
 public:
  std::unique_ptr<PrefixState> fork() const override {
    auto copy = std::make_unique<LlamaPrefix>();
    copy->tokens = tokens;
    copy->cache = cache.clone();
    copy->last_logits = last_logits.clone();
    return copy;
  }
  int64_t num_tokens() const override { return static_cast<int64_t>(tokens.size()); }

  TokenIds tokens;
  // Continuations are appended and then rewound (truncate), so the prefix itself never changes.
  mutable KVCache cache;
  at::Tensor last_logits;  // [V] at the last prefix token
};

const LlamaPrefix& as_llama(const PrefixState& state) {
  auto* prefix = dynamic_cast<const LlamaPrefix*>(&state);
  if (!prefix) throw std::invalid_argument("llama backend: prefix state from another backend");
  return *prefix;
}

}  // namespace

LlamaBackend::LlamaBackend(const Checkpoint& checkpoint, const std::string& weights_dtype, OverflowPolicy overflow)
    : model_(checkpoint, weights_dtype), source_(checkpoint.source), overflow_(overflow) {}

ModelInfo LlamaBackend::info() const {
  ModelInfo info;
  info.backend = "llama";
  info.description = source_;
  info.context_limit = limit();
  info.vocab_size = model_.config().vocab_size;
  info.bos_id = model_.config().bos_token_id;
  info.eos_id = model_.config().eos_token_id;
  info.overflow = overflow_;
  info.memory_config = "none";
  return info;
}

TokenIds LlamaBackend::fit(const TokenIds& tokens, int64_t room, const char* what) const {
  const int64_t allowed = limit() - room;
  if (static_cast<int64_t>(tokens.size()) <= allowed) return tokens;
  if (overflow_ == OverflowPolicy::kError || allowed <= 0)
    throw ContextOverflow(fmt::format("{} of {} tokens does not fit the context limit of {} tokens{}", what,
                                      tokens.size() + room, limit(),
                                      overflow_ == OverflowPolicy::kError ? " (overflow policy: error)" : ""));
  return TokenIds(tokens.end() - allowed, tokens.end());
}

std::unique_ptr<PrefixState> LlamaBackend::encode_prefix(const TokenIds& prefix) {
  if (prefix.empty()) throw std::invalid_argument("llama backend: empty prefix (start it with BOS)");
  auto state = std::make_unique<LlamaPrefix>();
  state->tokens = fit(prefix, 0, "a prefix");
  state->cache = model_.make_cache();
  state->last_logits = model_.forward(state->tokens, state->cache, LogitsFor::kLast)[0];
  return state;
}

LoglikelihoodResult LlamaBackend::loglikelihood(const PrefixState& state, const TokenIds& continuation) {
  if (continuation.empty()) throw std::invalid_argument("loglikelihood: empty continuation");
  const auto& prefix = as_llama(state);
  const int64_t total = prefix.num_tokens() + static_cast<int64_t>(continuation.size());
  if (total > limit() + 1) {
    // Too long together: score on the last tokens that fit, as lm-evaluation-harness does.
    TokenIds all = prefix.tokens;
    all.insert(all.end(), continuation.begin(), continuation.end());
    TokenIds kept = fit(TokenIds(all.begin(), all.end() - 1), 0, "a context plus continuation");
    if (kept.size() < continuation.size())
      throw ContextOverflow(fmt::format("a continuation of {} tokens does not fit the context limit of {} tokens",
                                        continuation.size(), limit()));
    LlamaPrefix fresh;
    fresh.tokens.assign(kept.begin(), kept.end() - (continuation.size() - 1));
    fresh.cache = model_.make_cache();
    fresh.last_logits = model_.forward(fresh.tokens, fresh.cache, LogitsFor::kLast)[0];
    return loglikelihood(fresh, continuation);
  }
  at::Tensor rows = prefix.last_logits.unsqueeze(0);
  if (continuation.size() > 1) {
    const int64_t rewind = prefix.cache.length();
    TokenIds inputs(continuation.begin(), continuation.end() - 1);
    auto more = model_.forward(inputs, prefix.cache, LogitsFor::kAll);
    prefix.cache.truncate(rewind);
    rows = at::cat({rows, more}, 0);
  }
  return score_continuation(rows, continuation);
}

TokenIds LlamaBackend::generate_greedy(const PrefixState& state, int max_new_tokens, const StopPredicate& stop) {
  const auto& prefix = as_llama(state);
  if (max_new_tokens <= 0) return {};
  if (prefix.num_tokens() + max_new_tokens > limit()) {
    LlamaPrefix fresh;
    fresh.tokens = fit(prefix.tokens, max_new_tokens, "a prompt plus the generation budget");
    fresh.cache = model_.make_cache();
    fresh.last_logits = model_.forward(fresh.tokens, fresh.cache, LogitsFor::kLast)[0];
    return generate_greedy(fresh, max_new_tokens, stop);
  }
  const int64_t rewind = prefix.cache.length();
  auto step = [&](int32_t token) { return model_.forward({token}, prefix.cache, LogitsFor::kLast)[0]; };
  TokenIds out = greedy_decode(prefix.last_logits, step, max_new_tokens, model_.config().eos_token_id, stop);
  prefix.cache.truncate(rewind);
  return out;
}

}  // namespace fot
