// Backend "longllama": LLaMA plus FoT memory layers with the exact inference semantics of the
// reference LongLLaMA code (docs/longllama-semantics.md sections 3-6): the input is cut into windows of L tokens,
// memory layers attend to [causal local | all memory] under one softmax, memory keys are raw k_proj
// outputs (RoPE position 0), the last `last_context_length` tokens form the local cache, and during
// generation a local cache that would exceed L is flushed whole into memory before attending.
// States are immutable (memory stores and local caches are shared copy-on-write), so threads may
// share them; extend() follows the reference's later calls with past_key_values (see
// models/language_model.h for which tokens end up in memory).
#pragma once

#include <memory>
#include <set>
#include <utility>

#include "models/checkpoint/checkpoint.h"
#include "models/fot/memory_attention.h"
#include "models/fot/memory_store.h"
#include "models/language_model.h"
#include "models/llama/llama_model.h"
#include "models/memory_config.h"

namespace fot {

class TokenTree;

struct LongLlamaOptions {
  MemoryConfig memory;            // resolved against the checkpoint by the constructor
  std::string weights_dtype;      // "" = as stored
  ComputeDtype compute_dtype = ComputeDtype::kFloat32;
  // Prefix windows only feed memory, so layers above the last memory layer cannot affect anything
  // later and are skipped. Off only to measure the saving.
  bool skip_layers_above_memory = true;
};

// What the memory of a prefix state holds, per memory layer.
struct MemoryReport {
  int64_t tokens = 0;            // M
  int64_t bytes_per_layer = 0;   // exactly 2 x M x (Hkv * head_dim) x bytes(dtype)
  int64_t layers = 0;
  int64_t local_tokens = 0;      // tokens in the local cache
};

class LongLlamaBackend : public LanguageModel {
 public:
  LongLlamaBackend(const Checkpoint& checkpoint, const LongLlamaOptions& options);

  ModelInfo info() const override;
  std::shared_ptr<LanguageModel> with_last_context_length(int64_t last_context_length) const override;
  std::unique_ptr<PrefixState> encode_prefix(const TokenIds& prefix) override;
  std::unique_ptr<PrefixState> extend(const PrefixState& state, const TokenIds& tokens) override;
  std::vector<std::vector<TokenScores>> loglikelihood_items(const PrefixState& state,
                                                            const std::vector<ScoringItem>& items) override;
  std::vector<TokenIds> generate_greedy_many(const PrefixState& state,
                                             const std::vector<GenerationRequest>& requests,
                                             std::vector<bool>* batched = nullptr) override;

  // Logits [T, V] for every position of `tokens` read in one call from scratch, as the reference's
  // model(input_ids) returns them (prefix windows included).
  at::Tensor all_logits(const TokenIds& tokens);
  // Logits along the token-by-token generation path after `prefix`: row 0 is the prefix's last
  // logits, row i the logits after feeding fed[0..i-1] one token at a time. The prefix is unchanged.
  at::Tensor decode_logits(const PrefixState& prefix, const TokenIds& fed);
  // extend() that also returns the logits [T, V] of every new token (one call of the reference).
  std::pair<std::unique_ptr<PrefixState>, at::Tensor> extend_with_logits(const PrefixState& state,
                                                                         const TokenIds& tokens);
  MemoryReport memory_report(const PrefixState& prefix) const;
  const MemoryConfig& memory_config() const { return memory_; }
  LlamaModel& model() { return model_; }

  struct State;

 private:
  // Token-by-token decoding after one state (the path of a single request without a prompt).
  TokenIds generate_alone(const PrefixState& prefix, int max_new_tokens, const StopPredicate& stop);
  // One model call (A.5): prefix windows, then the last lcl tokens through the local cache.
  // Returns logits for the requested rows of this call's tokens (kNone/kLast/kAll).
  // `state` is the caller's private working copy.
  at::Tensor call(const TokenIds& tokens, State& state, LogitsFor which) const;
  // A window with no local cache: memory layers read and then extend memory; nothing is cached.
  at::Tensor window_without_cache(const TokenIds& tokens, State& state, bool need_hidden) const;
  // Tokens appended to the local cache after the flush rule; returns the final hidden states.
  at::Tensor cached_step(const TokenIds& tokens, State& state) const;
  // Adds the memory part of a memory layer (if its memory holds tokens).
  void add_memory_part(int64_t layer, const Projections& p, const State& state, std::vector<AttentionPart>& parts) const;
  std::unique_ptr<State> empty_state() const;
  bool is_memory_layer(int64_t layer) const { return memory_layers_.count(layer) > 0; }
  int64_t slot_of(int64_t layer) const;  // index of a memory layer among memory_layers_
  // Batched paths; the callers check that no flush and no window falls inside.
  std::vector<std::vector<TokenScores>> score_batch(const State& state, const std::vector<ScoringItem>& items) const;
  std::vector<TokenIds> generate_batch(const State& state, const std::vector<GenerationRequest>& requests) const;
  TokenScores score_alone(const State& state, const TokenIds& continuation) const;
  // Hidden states of the tree nodes [first, tree.size()) after the state's caches.
  at::Tensor tree_hidden(const State& state, const TokenTree& tree, KVCache& tree_cache, int64_t first) const;

  LlamaModel model_;
  std::string source_;
  MemoryConfig memory_;
  std::set<int64_t> memory_layers_;
  int64_t window_ = 0, last_context_length_ = 0, top_layer_for_windows_ = -1;
  MemDtype mem_dtype_;
  MemoryAttentionOptions attention_options_;
  bool skip_layers_above_memory_ = true;
};

}  // namespace fot
