// Backend "llama": OpenLLaMA semantics. One causal context of at most max_position_embeddings
// tokens; longer input is an error or keeps the last tokens (OverflowPolicy), as the user chose.
// States are immutable (their keys live in a shared KVChain), so threads may share them.
#pragma once

#include <memory>

#include "models/checkpoint/checkpoint.h"
#include "models/language_model.h"
#include "models/llama/llama_model.h"

namespace fot {

class LlamaBackend : public LanguageModel {
 public:
  LlamaBackend(const Checkpoint& checkpoint, const std::string& weights_dtype, OverflowPolicy overflow,
               ComputeDtype compute = ComputeDtype::kFloat32);

  ModelInfo info() const override;
  std::unique_ptr<PrefixState> encode_prefix(const TokenIds& prefix) override;
  std::unique_ptr<PrefixState> extend(const PrefixState& state, const TokenIds& tokens) override;
  std::vector<std::vector<TokenScores>> loglikelihood_items(const PrefixState& state,
                                                            const std::vector<ScoringItem>& items) override;
  std::vector<TokenIds> generate_greedy_many(const PrefixState& state,
                                             const std::vector<GenerationRequest>& requests,
                                             std::vector<bool>* batched = nullptr) override;

  LlamaModel& model() { return model_; }
  // The logits [V] after the last token of a state (tests).
  at::Tensor last_logits(const PrefixState& state) const;

  struct State;

 private:
  // Token-by-token decoding after one state (the path of a single request without a prompt).
  TokenIds generate_alone(const PrefixState& prefix, int max_new_tokens, const StopPredicate& stop);
  int64_t limit() const { return model_.config().max_position_embeddings; }
  TokenIds fit(const TokenIds& tokens, int64_t room, const char* what) const;
  std::unique_ptr<State> read(const State* base, const TokenIds& tokens) const;
  TokenScores score_alone(const State& prefix, const TokenIds& continuation);
  std::vector<std::vector<TokenScores>> score_batch(const State& prefix, const std::vector<ScoringItem>& items) const;
  std::vector<TokenIds> generate_batch(const State& prefix, const std::vector<GenerationRequest>& requests) const;

  LlamaModel model_;
  std::string source_;
  OverflowPolicy overflow_;
};

}  // namespace fot
