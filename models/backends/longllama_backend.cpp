#include "models/backends/longllama_backend.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/backends/greedy.h"
#include "models/backends/token_tree.h"
#include "common/input_error.h"

namespace fot {

// Memory per memory layer (in memory_layers_ order) and the local cache, immutable once built:
// memory stores and the local KVChain share storage copy-on-write, so a copy is a cheap private
// working state that can grow without touching the original.
struct LongLlamaBackend::State : PrefixState {
  std::unique_ptr<PrefixState> fork() const override { return std::make_unique<State>(*this); }
  int64_t num_tokens() const override { return read; }
  // Before the state is shared: see KVChain::seal() and MemoryStore::seal().
  void seal() {
    local.seal();
    for (auto& store : memory) store.seal();
  }

  int64_t read = 0;  // tokens read so far
  std::vector<MemoryStore> memory;
  KVChain local;           // rotated keys and values of every layer, raw keys of the memory layers
  at::Tensor last_logits;  // [V] after the last token read
};

namespace {

const LongLlamaBackend::State& as_longllama(const PrefixState& state) {
  auto* prefix = dynamic_cast<const LongLlamaBackend::State*>(&state);
  if (!prefix) throw std::invalid_argument("longllama backend: prefix state from another backend");
  return *prefix;
}

}  // namespace

LongLlamaBackend::LongLlamaBackend(const Checkpoint& checkpoint, const LongLlamaOptions& options)
    : model_(checkpoint, options.weights_dtype, options.compute_dtype),
      source_(checkpoint.source),
      memory_(options.memory.resolved(checkpoint.config, checkpoint.source)),
      mem_dtype_(parse_mem_dtype(*memory_.dtype)),
      skip_layers_above_memory_(options.skip_layers_above_memory) {
  if (memory_.layers == MemoryConfig::Layers::kList)
    memory_layers_.insert(memory_.layer_list.begin(), memory_.layer_list.end());
  window_ = *memory_.window;
  last_context_length_ = *memory_.last_context_length;
  top_layer_for_windows_ = memory_layers_.empty() ? -1 : *memory_layers_.rbegin();
  attention_options_.top_k = memory_.lookup == MemoryConfig::Lookup::kTopK ? memory_.topk : 0;
  if (checkpoint.config.mem_attention_grouping) {
    attention_options_.heads_per_block = checkpoint.config.mem_attention_grouping->first;
    attention_options_.queries_per_block = checkpoint.config.mem_attention_grouping->second;
  } else {
    // Score blocks of about 1 MiB (L2-sized): all heads of a small model at once (many tiny blocks
    // cost more in per-op overhead than they save), one head and part of the window for 3B shapes.
    constexpr int64_t kBlockFloats = int64_t{1} << 18;
    const int64_t chunk = attention_options_.memory_chunk;
    const int64_t per_head = window_ * chunk;
    attention_options_.heads_per_block =
        std::clamp<int64_t>(kBlockFloats / std::max<int64_t>(per_head, 1), 1, checkpoint.config.num_attention_heads);
    if (per_head > kBlockFloats) attention_options_.queries_per_block = std::max<int64_t>(kBlockFloats / chunk, 1);
  }
  validate(attention_options_);
}

ModelInfo LongLlamaBackend::info() const {
  ModelInfo info;
  info.backend = "longllama";
  info.description = described_with_compute_dtype(source_, model_);
  info.context_limit = 0;
  info.vocab_size = model_.config().vocab_size;
  info.bos_id = model_.config().bos_token_id;
  info.eos_id = model_.config().eos_token_id;
  info.overflow = OverflowPolicy::kKeepLast;  // nothing is dropped: older tokens move to memory
  info.memory_config = memory_.canonical();
  info.memory_window = window_;
  return info;
}

std::shared_ptr<LanguageModel> LongLlamaBackend::with_last_context_length(int64_t last_context_length) const {
  if (last_context_length < 1 || last_context_length > window_)
    throw InputError(fmt::format("{}: last_context_length must be in 1..{} (the window L), got {}", source_, window_,
                                 last_context_length));
  // A member-wise copy: the weight tensors share storage (and keep their mapped file alive), so the
  // copy owns everything it reads and outlives the original safely.
  auto copy = std::make_shared<LongLlamaBackend>(*this);
  copy->last_context_length_ = last_context_length;
  copy->memory_.last_context_length = last_context_length;
  return copy;
}

int64_t LongLlamaBackend::slot_of(int64_t layer) const {
  return std::distance(memory_layers_.begin(), memory_layers_.find(layer));
}

void LongLlamaBackend::add_memory_part(int64_t layer, const Projections& p, const State& state,
                                       std::vector<AttentionPart>& parts) const {
  if (!is_memory_layer(layer)) return;
  const MemoryStore& store = state.memory[slot_of(layer)];
  if (store.size() > 0) parts.push_back(memory_attention(p.q, store, attention_options_));
}

at::Tensor LongLlamaBackend::window_without_cache(const TokenIds& tokens, State& state, bool need_hidden) const {
  const int64_t layers = model_.config().num_hidden_layers;
  const int64_t top = need_hidden || !skip_layers_above_memory_ ? layers - 1 : top_layer_for_windows_;
  auto x = model_.embed(tokens);
  for (int64_t layer = 0; layer <= top; ++layer) {
    auto p = model_.project(layer, x, 0);
    std::vector<AttentionPart> parts;
    add_memory_part(layer, p, state, parts);
    parts.push_back(causal_attention(p.q, p.k, p.v, 0, !parts.empty()));
    auto attention = merge_attention_parts(parts);
    if (is_memory_layer(layer)) state.memory[slot_of(layer)].append(p.k_raw, p.v);
    x = x + model_.attention_output(layer, attention);
    x = model_.mlp_block(layer, x);
  }
  return x;
}

at::Tensor LongLlamaBackend::cached_step(const TokenIds& tokens, State& state) const {
  const int64_t count = static_cast<int64_t>(tokens.size());
  if (state.local.length() + count > window_) {
    // Flush rule (A.8): the whole old local cache moves to memory (memory layers) or is dropped.
    for (int64_t layer : memory_layers_)
      state.memory[slot_of(layer)].append(state.local.raw_keys_copy(slot_of(layer)), state.local.values_copy(layer));
    state.local = state.local.emptied();
  }
  KVChain::Writer writer(state.local, count);
  NewTokens how;
  how.first_position = state.local.length();
  how.writer = &writer;
  auto hidden = model_.forward_after(tokens, state.local, how,
                                     [&](int64_t layer, const Projections& p, std::vector<AttentionPart>& parts) {
                                       if (is_memory_layer(layer)) writer.write_raw(slot_of(layer), p.k_raw);
                                       add_memory_part(layer, p, state, parts);
                                     });
  state.local = std::move(writer).finish();
  return hidden;
}

at::Tensor LongLlamaBackend::call(const TokenIds& tokens, State& state, LogitsFor which) const {
  const int64_t total = static_cast<int64_t>(tokens.size());
  const int64_t memory_part = std::max<int64_t>(total - last_context_length_, 0);
  const bool had_local_cache = state.local.length() > 0;
  std::vector<at::Tensor> rows;
  for (int64_t start = 0; start < memory_part; start += window_) {
    TokenIds window(tokens.begin() + start, tokens.begin() + std::min(start + window_, memory_part));
    auto hidden = had_local_cache ? cached_step(window, state)
                                  : window_without_cache(window, state, which == LogitsFor::kAll);
    if (which == LogitsFor::kAll) rows.push_back(model_.logits(hidden));
  }
  auto hidden = cached_step(TokenIds(tokens.begin() + memory_part, tokens.end()), state);
  state.read += total;
  state.last_logits = model_.logits(hidden.narrow(0, hidden.size(0) - 1, 1))[0];
  if (which == LogitsFor::kNone) return at::Tensor();
  if (which == LogitsFor::kLast) return state.last_logits.unsqueeze(0);
  rows.push_back(model_.logits(hidden));
  return at::cat(rows, 0);
}

std::unique_ptr<LongLlamaBackend::State> LongLlamaBackend::empty_state() const {
  auto state = std::make_unique<State>();
  MemoryStoreOptions store_options;
  store_options.num_kv_heads = model_.config().num_key_value_heads;
  store_options.head_dim = model_.config().head_dim();
  store_options.dtype = mem_dtype_;
  if (memory_.cap > 0) store_options.cap = memory_.cap;
  for (size_t i = 0; i < memory_layers_.size(); ++i) state->memory.emplace_back(store_options);
  state->local = KVChain(model_.config().num_hidden_layers, static_cast<int64_t>(memory_layers_.size()),
                         model_.config().num_key_value_heads, model_.config().head_dim());
  return state;
}

std::unique_ptr<PrefixState> LongLlamaBackend::encode_prefix(const TokenIds& prefix) {
  if (prefix.empty()) throw std::invalid_argument("longllama backend: empty prefix (start it with BOS)");
  auto state = empty_state();
  call(prefix, *state, LogitsFor::kNone);
  state->seal();
  return state;
}

std::unique_ptr<PrefixState> LongLlamaBackend::extend(const PrefixState& prefix, const TokenIds& tokens) {
  if (tokens.empty()) throw std::invalid_argument("longllama backend: extend with no tokens");
  auto state = std::make_unique<State>(as_longllama(prefix));
  call(tokens, *state, LogitsFor::kNone);
  state->seal();
  return state;
}

std::pair<std::unique_ptr<PrefixState>, at::Tensor> LongLlamaBackend::extend_with_logits(const PrefixState& prefix,
                                                                                        const TokenIds& tokens) {
  if (tokens.empty()) throw std::invalid_argument("longllama backend: extend with no tokens");
  auto state = std::make_unique<State>(as_longllama(prefix));
  auto logits = call(tokens, *state, LogitsFor::kAll);
  state->seal();
  return {std::move(state), logits};
}

at::Tensor LongLlamaBackend::all_logits(const TokenIds& tokens) {
  if (tokens.empty()) throw std::invalid_argument("longllama backend: no tokens");
  auto state = empty_state();
  return call(tokens, *state, LogitsFor::kAll);
}

at::Tensor LongLlamaBackend::tree_hidden(const State& state, const TokenTree& tree, KVCache& tree_cache,
                                         int64_t first) const {
  auto pass = tree.pass(first, state.local.length());
  NewTokens how;
  how.positions = pass.positions;
  how.tree = &tree_cache;
  how.visible = pass.visible;
  // Every query of the batch reads the memory in the same pass.
  return model_.forward_after(pass.tokens, state.local, how,
                              [&](int64_t layer, const Projections& p, std::vector<AttentionPart>& parts) {
                                add_memory_part(layer, p, state, parts);
                              });
}

TokenScores LongLlamaBackend::score_alone(const State& lender, const TokenIds& continuation) const {
  at::Tensor rows = lender.last_logits.unsqueeze(0);
  if (continuation.size() > 1) {
    State state(lender);
    auto more = call(TokenIds(continuation.begin(), continuation.end() - 1), state, LogitsFor::kAll);
    rows = at::cat({rows, more}, 0);
  }
  return score_tokens(rows, continuation);
}

std::vector<std::vector<TokenScores>> LongLlamaBackend::score_batch(const State& state,
                                                                    const std::vector<ScoringItem>& items) const {
  const auto layout = items_tree(items);
  at::Tensor scored;
  if (!layout.scored_nodes.empty()) {
    KVCache tree_cache = model_.make_cache();
    auto hidden = tree_hidden(state, layout.tree, tree_cache, 0);
    scored = model_.logits(hidden.index_select(0, at::tensor(layout.scored_nodes, at::kLong)));
  }
  return score_items(layout, items, scored, state.last_logits);
}

std::vector<std::vector<TokenScores>> LongLlamaBackend::loglikelihood_items(const PrefixState& prefix,
                                                                            const std::vector<ScoringItem>& items) {
  const auto& state = as_longllama(prefix);
  // A later call of n tokens after a non-empty local cache goes through that cache (its windows too,
  // docs/longllama-semantics.md section 3); while the cache stays within the window nothing is flushed, so its steps
  // equal one step of all n tokens, and the batch equals the single path.
  const int64_t local = state.local.length();
  auto one_step = [&](int64_t before, int64_t n) { return n == 0 || (before > 0 && before + n <= window_); };
  std::vector<std::vector<TokenScores>> out(items.size());
  std::vector<ScoringItem> batch;
  std::vector<size_t> batch_index;
  for (size_t i = 0; i < items.size(); ++i) {
    const int64_t context = static_cast<int64_t>(items[i].context.size());
    bool fits = one_step(local, context);
    for (const TokenIds& continuation : items[i].continuations) {
      if (continuation.empty()) throw std::invalid_argument("loglikelihood: empty continuation");
      fits = fits && one_step(local + context, static_cast<int64_t>(continuation.size()) - 1);
    }
    if (fits) {
      batch.push_back(items[i]);
      batch_index.push_back(i);
    } else if (items[i].context.empty()) {
      for (const TokenIds& continuation : items[i].continuations) out[i].push_back(score_alone(state, continuation));
    } else {
      auto extended = extend(state, items[i].context);
      out[i] = loglikelihood_many(*extended, items[i].continuations);
    }
  }
  if (!batch.empty()) {
    auto scores = score_batch(state, batch);
    for (size_t b = 0; b < batch.size(); ++b) {
      out[batch_index[b]] = std::move(scores[b]);
      for (TokenScores& scored : out[batch_index[b]]) scored.batched = true;
    }
  }
  return out;
}

TokenIds LongLlamaBackend::generate_alone(const PrefixState& prefix, int max_new_tokens, const StopPredicate& stop) {
  const auto& lender = as_longllama(prefix);
  if (max_new_tokens <= 0) return {};
  State state(lender);
  auto step = [&](int32_t token) { return call({token}, state, LogitsFor::kLast)[0]; };
  return greedy_decode(lender.last_logits, step, max_new_tokens, model_.config().eos_token_id, stop);
}

std::vector<TokenIds> LongLlamaBackend::generate_batch(const State& state,
                                                       const std::vector<GenerationRequest>& requests) const {
  TokenTree tree;
  KVCache tree_cache = model_.make_cache();
  auto read = [&](int64_t first, const std::vector<int64_t>& nodes) {
    auto hidden = tree_hidden(state, tree, tree_cache, first);
    return model_.logits(hidden.index_select(0, at::tensor(nodes, at::kLong).sub_(first)));
  };
  return greedy_decode_tree(requests, state.last_logits, model_.config().eos_token_id, tree, read);
}

std::vector<TokenIds> LongLlamaBackend::generate_greedy_many(const PrefixState& prefix,
                                                             const std::vector<GenerationRequest>& requests,
                                                         std::vector<bool>* batched) {
  const auto& state = as_longllama(prefix);
  const int64_t local = state.local.length();
  std::vector<TokenIds> out(requests.size());
  std::vector<GenerationRequest> batch;
  std::vector<size_t> batch_index;
  for (size_t r = 0; r < requests.size(); ++r) {
    const auto& request = requests[r];
    const int64_t prompt = static_cast<int64_t>(request.prompt.size());
    // The prompt and each generated token but the last go through the local cache; no flush.
    // A lone request without a prompt is plain decoding from the state: the token-by-token path.
    const bool lone = requests.size() == 1 && request.prompt.empty();
    const bool fits = !lone && local > 0 && local + prompt + std::max(request.max_new_tokens - 1, 0) <= window_;
    if (fits) {
      batch.push_back(request);
      batch_index.push_back(r);
    } else if (request.prompt.empty()) {
      out[r] = generate_alone(state, request.max_new_tokens, request.stop);
    } else {
      out[r] = generate_alone(*extend(state, request.prompt), request.max_new_tokens, request.stop);
    }
  }
  if (!batch.empty()) {
    auto generated = generate_batch(state, batch);
    for (size_t b = 0; b < batch.size(); ++b) out[batch_index[b]] = std::move(generated[b]);
  }
  if (batched) {
    batched->assign(requests.size(), false);
    for (size_t index : batch_index) (*batched)[index] = true;
  }
  return out;
}

at::Tensor LongLlamaBackend::decode_logits(const PrefixState& prefix, const TokenIds& fed) {
  State state(as_longllama(prefix));
  std::vector<at::Tensor> rows = {state.last_logits.unsqueeze(0)};
  for (int32_t token : fed) rows.push_back(call({token}, state, LogitsFor::kLast));
  return at::cat(rows, 0);
}

MemoryReport LongLlamaBackend::memory_report(const PrefixState& prefix) const {
  const auto& state = as_longllama(prefix);
  MemoryReport report;
  report.layers = static_cast<int64_t>(state.memory.size());
  if (!state.memory.empty()) {
    report.tokens = state.memory.front().size();
    report.bytes_per_layer = state.memory.front().bytes();
  }
  report.local_tokens = state.local.length();
  return report;
}

}  // namespace fot
