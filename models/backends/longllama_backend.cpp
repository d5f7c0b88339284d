#include "models/backends/longllama_backend.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/backends/greedy.h"
#include "common/input_error.h"

namespace fot {

// Memory per memory layer (in memory_layers_ order) and the local cache. The local caches may be
// borrowed from another state (scoring from a prefix without copying it): writes then go past the
// lender's length and are rewound when the borrower ends; a flush gives the borrower its own cache.
struct LongLlamaBackend::State : PrefixState {
  std::unique_ptr<PrefixState> fork() const override {
    auto copy = std::make_unique<State>();
    copy->read = read;
    for (const auto& store : memory) copy->memory.push_back(store.fork());
    copy->local = std::make_shared<KVCache>(local->clone());
    copy->local_raw = std::make_shared<KVCache>(local_raw->clone());
    copy->last_logits = last_logits;
    return copy;
  }
  int64_t num_tokens() const override { return read; }

  State() = default;
  // A state that reads on after `lender` without changing it.
  explicit State(const State& lender)
      : read(lender.read), local(lender.local), local_raw(lender.local_raw), borrowed(true),
        rewind(lender.local->length()) {
    for (const auto& store : lender.memory) memory.push_back(store.fork());
  }
  State& operator=(const State&) = delete;
  ~State() override { give_back(); }

  void give_back() {
    if (!borrowed) return;
    local->truncate(rewind);
    local_raw->truncate(rewind);
    borrowed = false;
  }

  int64_t read = 0;  // tokens read so far
  std::vector<MemoryStore> memory;
  std::shared_ptr<KVCache> local;      // rotated keys and values, every layer
  std::shared_ptr<KVCache> local_raw;  // raw keys (and values) of the memory layers, for flushes
  at::Tensor last_logits;              // [V] after the last token read
  bool borrowed = false;
  int64_t rewind = 0;
};

namespace {

const LongLlamaBackend::State& as_longllama(const PrefixState& state) {
  auto* prefix = dynamic_cast<const LongLlamaBackend::State*>(&state);
  if (!prefix) throw std::invalid_argument("longllama backend: prefix state from another backend");
  return *prefix;
}

}  // namespace

LongLlamaBackend::LongLlamaBackend(const Checkpoint& checkpoint, const LongLlamaOptions& options)
    : model_(checkpoint, options.weights_dtype),
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
  info.description = source_;
  info.context_limit = 0;
  info.vocab_size = model_.config().vocab_size;
  info.bos_id = model_.config().bos_token_id;
  info.eos_id = model_.config().eos_token_id;
  info.overflow = OverflowPolicy::kKeepLast;  // nothing is dropped: older tokens move to memory
  info.memory_config = memory_.canonical();
  return info;
}

at::Tensor LongLlamaBackend::attend(int64_t layer, const Projections& p, const at::Tensor& local_k,
                                    const at::Tensor& local_v, int64_t q_offset, const State& state) const {
  const MemoryStore* store = nullptr;
  if (is_memory_layer(layer)) store = &state.memory[std::distance(memory_layers_.begin(), memory_layers_.find(layer))];
  if (!store || store->size() == 0) return causal_attention(p.q, local_k, local_v, q_offset, false).out;
  auto local = causal_attention(p.q, local_k, local_v, q_offset, true);
  return merge_attention_parts({local, memory_attention(p.q, *store, attention_options_)});
}

at::Tensor LongLlamaBackend::window_without_cache(const TokenIds& tokens, State& state, bool need_hidden) {
  const int64_t layers = model_.config().num_hidden_layers;
  const int64_t top = need_hidden || !skip_layers_above_memory_ ? layers - 1 : top_layer_for_windows_;
  auto x = model_.embed(tokens);
  for (int64_t layer = 0; layer <= top; ++layer) {
    auto p = model_.project(layer, x, 0);
    auto attention = attend(layer, p, p.k, p.v, 0, state);
    if (is_memory_layer(layer)) {
      state.memory[std::distance(memory_layers_.begin(), memory_layers_.find(layer))].append(p.k_raw, p.v);
    }
    x = x + model_.attention_output(layer, attention);
    x = model_.mlp_block(layer, x);
  }
  return x;
}

at::Tensor LongLlamaBackend::cached_step(const TokenIds& tokens, State& state) {
  const int64_t count = static_cast<int64_t>(tokens.size());
  if (state.local->length() + count > window_) {
    // Flush rule (A.8): the whole old local cache moves to memory (memory layers) or is dropped.
    for (int64_t slot = 0; slot < static_cast<int64_t>(memory_layers_.size()); ++slot)
      state.memory[slot].append(state.local_raw->keys(slot), state.local_raw->values(slot));
    if (state.borrowed) {
      state.give_back();
      state.local = std::make_shared<KVCache>(model_.make_cache());
      state.local_raw = std::make_shared<KVCache>(static_cast<int64_t>(memory_layers_.size()),
                                                  model_.config().num_key_value_heads, model_.config().head_dim());
    } else {
      state.local->truncate(0);
      state.local_raw->truncate(0);
    }
  }
  const int64_t first = state.local->length();
  auto x = model_.embed(tokens);
  int64_t slot = 0;
  for (int64_t layer = 0; layer < model_.config().num_hidden_layers; ++layer) {
    auto p = model_.project(layer, x, first);
    state.local->write(layer, p.k, p.v);
    if (is_memory_layer(layer)) state.local_raw->write(slot++, p.k_raw, p.v);
    auto attention =
        attend(layer, p, state.local->keys(layer, count), state.local->values(layer, count), first, state);
    x = x + model_.attention_output(layer, attention);
    x = model_.mlp_block(layer, x);
  }
  state.local->commit(count);
  state.local_raw->commit(count);
  return x;
}

at::Tensor LongLlamaBackend::call(const TokenIds& tokens, State& state, LogitsFor which) {
  const int64_t total = static_cast<int64_t>(tokens.size());
  const int64_t memory_part = std::max<int64_t>(total - last_context_length_, 0);
  const bool had_local_cache = state.local->length() > 0;
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
  state->local = std::make_shared<KVCache>(model_.make_cache());
  state->local_raw = std::make_shared<KVCache>(static_cast<int64_t>(memory_layers_.size()),
                                               model_.config().num_key_value_heads, model_.config().head_dim());
  return state;
}

std::unique_ptr<PrefixState> LongLlamaBackend::encode_prefix(const TokenIds& prefix) {
  if (prefix.empty()) throw std::invalid_argument("longllama backend: empty prefix (start it with BOS)");
  auto state = empty_state();
  call(prefix, *state, LogitsFor::kNone);
  return state;
}

at::Tensor LongLlamaBackend::all_logits(const TokenIds& tokens) {
  if (tokens.empty()) throw std::invalid_argument("longllama backend: no tokens");
  auto state = empty_state();
  return call(tokens, *state, LogitsFor::kAll);
}

LoglikelihoodResult LongLlamaBackend::loglikelihood(const PrefixState& prefix, const TokenIds& continuation) {
  if (continuation.empty()) throw std::invalid_argument("loglikelihood: empty continuation");
  const auto& lender = as_longllama(prefix);
  at::Tensor rows = lender.last_logits.unsqueeze(0);
  if (continuation.size() > 1) {
    State state(lender);
    auto more = call(TokenIds(continuation.begin(), continuation.end() - 1), state, LogitsFor::kAll);
    rows = at::cat({rows, more}, 0);
  }
  return score_continuation(rows, continuation);
}

TokenIds LongLlamaBackend::generate_greedy(const PrefixState& prefix, int max_new_tokens, const StopPredicate& stop) {
  const auto& lender = as_longllama(prefix);
  if (max_new_tokens <= 0) return {};
  State state(lender);
  auto step = [&](int32_t token) { return call({token}, state, LogitsFor::kLast)[0]; };
  return greedy_decode(lender.last_logits, step, max_new_tokens, model_.config().eos_token_id, stop);
}

at::Tensor LongLlamaBackend::decode_logits(const PrefixState& prefix, const TokenIds& fed) {
  const auto& lender = as_longllama(prefix);
  State state(lender);
  std::vector<at::Tensor> rows = {lender.last_logits.unsqueeze(0)};
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
  report.local_tokens = state.local->length();
  return report;
}

}  // namespace fot
