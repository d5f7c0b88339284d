// Backend "llama": OpenLLaMA semantics. One causal context of at most max_position_embeddings
// tokens; longer input is an error or keeps the last tokens (OverflowPolicy), as the user chose.
#pragma once

#include <memory>

#include "models/checkpoint/checkpoint.h"
#include "models/language_model.h"
#include "models/llama/llama_model.h"

namespace fot {

class LlamaBackend : public LanguageModel {
 public:
  LlamaBackend(const Checkpoint& checkpoint, const std::string& weights_dtype, OverflowPolicy overflow);

  ModelInfo info() const override;
  std::unique_ptr<PrefixState> encode_prefix(const TokenIds& prefix) override;
  LoglikelihoodResult loglikelihood(const PrefixState& prefix, const TokenIds& continuation) override;
  TokenIds generate_greedy(const PrefixState& prefix, int max_new_tokens, const StopPredicate& stop) override;
  using LanguageModel::generate_greedy;
  using LanguageModel::loglikelihood;

  LlamaModel& model() { return model_; }

 private:
  int64_t limit() const { return model_.config().max_position_embeddings; }
  TokenIds fit(const TokenIds& tokens, int64_t room, const char* what) const;

  LlamaModel model_;
  std::string source_;
  OverflowPolicy overflow_;
};

}  // namespace fot
