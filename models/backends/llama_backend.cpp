#include "models/backends/llama_backend.h"

#include <fmt/format.h>

#include "models/backends/context_overflow.h"
#include "models/backends/greedy.h"
#include "models/backends/token_tree.h"

namespace fot {

// Immutable once built: its keys are a KVChain, which later writers never change.
struct LlamaBackend::State : PrefixState {
  std::unique_ptr<PrefixState> fork() const override { return std::make_unique<State>(*this); }
  int64_t num_tokens() const override { return static_cast<int64_t>(tokens.size()); }

  TokenIds tokens;
  KVChain cache;
  at::Tensor last_logits;  // [V] at the last token
};

namespace {

const LlamaBackend::State& as_llama(const PrefixState& state) {
  auto* prefix = dynamic_cast<const LlamaBackend::State*>(&state);
  if (!prefix) throw std::invalid_argument("llama backend: prefix state from another backend");
  return *prefix;
}

TokenIds joined(const TokenIds& a, const TokenIds& b) {
  TokenIds all = a;
  all.insert(all.end(), b.begin(), b.end());
  return all;
}

}  // namespace

LlamaBackend::LlamaBackend(const Checkpoint& checkpoint, const std::string& weights_dtype, OverflowPolicy overflow,
                           ComputeDtype compute)
    : model_(checkpoint, weights_dtype, compute), source_(checkpoint.source), overflow_(overflow) {}

ModelInfo LlamaBackend::info() const {
  ModelInfo info;
  info.backend = "llama";
  info.description = described_with_compute_dtype(source_, model_);
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

std::unique_ptr<LlamaBackend::State> LlamaBackend::read(const State* base, const TokenIds& tokens) const {
  const auto& c = model_.config();
  auto state = std::make_unique<State>();
  const KVChain start = base ? base->cache : KVChain(c.num_hidden_layers, 0, c.num_key_value_heads, c.head_dim());
  state->tokens = base ? joined(base->tokens, tokens) : tokens;
  KVChain::Writer writer(start, static_cast<int64_t>(tokens.size()));
  NewTokens how;
  how.first_position = start.length();
  how.writer = &writer;
  auto hidden = model_.forward_after(tokens, start, how);
  state->cache = std::move(writer).finish();
  state->cache.seal();
  state->last_logits = model_.logits(hidden.narrow(0, hidden.size(0) - 1, 1))[0];
  return state;
}

std::unique_ptr<PrefixState> LlamaBackend::encode_prefix(const TokenIds& prefix) {
  if (prefix.empty()) throw std::invalid_argument("llama backend: empty prefix (start it with BOS)");
  return read(nullptr, fit(prefix, 0, "a prefix"));
}

std::unique_ptr<PrefixState> LlamaBackend::extend(const PrefixState& state, const TokenIds& tokens) {
  if (tokens.empty()) throw std::invalid_argument("llama backend: extend with no tokens");
  const auto& prefix = as_llama(state);
  if (prefix.num_tokens() + static_cast<int64_t>(tokens.size()) <= limit()) return read(&prefix, tokens);
  return read(nullptr, fit(joined(prefix.tokens, tokens), 0, "a prefix plus its extension"));
}

at::Tensor LlamaBackend::last_logits(const PrefixState& state) const { return as_llama(state).last_logits; }

TokenScores LlamaBackend::score_alone(const State& prefix, const TokenIds& continuation) {
  // Too long together: score on the last tokens that fit, as lm-evaluation-harness does.
  TokenIds all = joined(prefix.tokens, continuation);
  TokenIds kept = fit(TokenIds(all.begin(), all.end() - 1), 0, "a context plus continuation");
  if (kept.size() < continuation.size())
    throw ContextOverflow(fmt::format("a continuation of {} tokens does not fit the context limit of {} tokens",
                                      continuation.size(), limit()));
  auto fresh = read(nullptr, TokenIds(kept.begin(), kept.end() - (continuation.size() - 1)));
  return score_batch(*fresh, {ScoringItem{{}, {continuation}}})[0][0];
}

std::vector<std::vector<TokenScores>> LlamaBackend::score_batch(const State& prefix,
                                                                const std::vector<ScoringItem>& items) const {
  const auto layout = items_tree(items);
  at::Tensor scored;
  if (layout.tree.size() > 0) {
    auto pass = layout.tree.pass(0, prefix.num_tokens());
    KVCache tree = model_.make_cache();
    NewTokens how;
    how.positions = pass.positions;
    how.tree = &tree;
    how.visible = pass.visible;
    auto hidden = model_.forward_after(pass.tokens, prefix.cache, how);
    if (!layout.scored_nodes.empty())
      scored = model_.logits(hidden.index_select(0, at::tensor(layout.scored_nodes, at::kLong)));
  }
  return score_items(layout, items, scored, prefix.last_logits);
}

std::vector<std::vector<TokenScores>> LlamaBackend::loglikelihood_items(const PrefixState& state,
                                                                        const std::vector<ScoringItem>& items) {
  const auto& prefix = as_llama(state);
  std::vector<std::vector<TokenScores>> out(items.size());
  std::vector<ScoringItem> batch;
  std::vector<size_t> batch_index;
  for (size_t i = 0; i < items.size(); ++i) {
    const int64_t context_end = prefix.num_tokens() + static_cast<int64_t>(items[i].context.size());
    bool fits = context_end <= limit();
    for (const TokenIds& continuation : items[i].continuations) {
      if (continuation.empty()) throw std::invalid_argument("loglikelihood: empty continuation");
      fits = fits && context_end + static_cast<int64_t>(continuation.size()) <= limit() + 1;
    }
    if (fits) {
      batch.push_back(items[i]);
      batch_index.push_back(i);
    } else if (items[i].context.empty()) {
      for (const TokenIds& continuation : items[i].continuations) out[i].push_back(score_alone(prefix, continuation));
    } else {
      auto extended = extend(prefix, items[i].context);
      out[i] = loglikelihood_many(*extended, items[i].continuations);
    }
  }
  if (!batch.empty()) {
    auto scores = score_batch(prefix, batch);
    for (size_t b = 0; b < batch.size(); ++b) {
      out[batch_index[b]] = std::move(scores[b]);
      for (TokenScores& scored : out[batch_index[b]]) scored.batched = true;
    }
  }
  return out;
}

TokenIds LlamaBackend::generate_alone(const PrefixState& state, int max_new_tokens, const StopPredicate& stop) {
  const auto& prefix = as_llama(state);
  if (max_new_tokens <= 0) return {};
  if (prefix.num_tokens() + max_new_tokens > limit()) {
    auto fresh = read(nullptr, fit(prefix.tokens, max_new_tokens, "a prompt plus the generation budget"));
    return generate_alone(*fresh, max_new_tokens, stop);
  }
  KVChain cache = prefix.cache;
  auto step = [&](int32_t token) {
    KVChain::Writer writer(cache, 1);
    NewTokens how;
    how.first_position = cache.length();
    how.writer = &writer;
    auto hidden = model_.forward_after({token}, cache, how);
    cache = std::move(writer).finish();
    return model_.logits(hidden)[0];
  };
  return greedy_decode(prefix.last_logits, step, max_new_tokens, model_.config().eos_token_id, stop);
}

std::vector<TokenIds> LlamaBackend::generate_batch(const State& prefix,
                                                   const std::vector<GenerationRequest>& requests) const {
  TokenTree tree;
  KVCache tree_cache = model_.make_cache();
  auto run = [&](int64_t first, const std::vector<int64_t>& nodes) {
    auto pass = tree.pass(first, prefix.num_tokens());
    NewTokens how;
    how.positions = pass.positions;
    how.tree = &tree_cache;
    how.visible = pass.visible;
    auto hidden = model_.forward_after(pass.tokens, prefix.cache, how);
    return model_.logits(hidden.index_select(0, at::tensor(nodes, at::kLong).sub_(first)));
  };
  return greedy_decode_tree(requests, prefix.last_logits, model_.config().eos_token_id, tree, run);
}

std::vector<TokenIds> LlamaBackend::generate_greedy_many(const PrefixState& state,
                                                         const std::vector<GenerationRequest>& requests,
                                                         std::vector<bool>* batched) {
  const auto& prefix = as_llama(state);
  std::vector<TokenIds> out(requests.size());
  std::vector<GenerationRequest> batch;
  std::vector<size_t> batch_index;
  for (size_t r = 0; r < requests.size(); ++r) {
    const auto& request = requests[r];
    const int64_t end = prefix.num_tokens() + static_cast<int64_t>(request.prompt.size()) + request.max_new_tokens;
    // A lone request without a prompt is plain decoding from the state: the token-by-token path.
    const bool lone = requests.size() == 1 && request.prompt.empty();
    if (end <= limit() && !lone) {
      batch.push_back(request);
      batch_index.push_back(r);
    } else if (request.prompt.empty()) {
      out[r] = generate_alone(prefix, request.max_new_tokens, request.stop);
    } else {
      out[r] = generate_alone(*extend(prefix, request.prompt), request.max_new_tokens, request.stop);
    }
  }
  if (!batch.empty()) {
    auto generated = generate_batch(prefix, batch);
    for (size_t b = 0; b < batch.size(); ++b) out[batch_index[b]] = std::move(generated[b]);
  }
  if (batched) {
    batched->assign(requests.size(), false);
    for (size_t index : batch_index) (*batched)[index] = true;
  }
  return out;
}

}  // namespace fot
