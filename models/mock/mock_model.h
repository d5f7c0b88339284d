// The mock backend: a deterministic stand-in model so the whole pipeline runs without weights.
// It is a "perfect retriever within a window": it decodes the last `window` prompt tokens and, if
// they contain "pass key is <digits>", greedy generation answers those digits (tokenized as the
// codec does). Otherwise it emits a deterministic wrong answer, so accuracy falls with length the
// way a model with a bounded context does. Log-likelihoods are a fixed hash of (visible context,
// continuation), and is_greedy agrees with generate_greedy.
#pragma once

#include <memory>

#include "models/language_model.h"
#include "models/model_factory.h"
#include "models/text_codec.h"

namespace fot {

class MockModel final : public LanguageModel {
 public:
  MockModel(const ModelSpec& spec, std::shared_ptr<const TextCodec> codec);
  ModelInfo info() const override { return info_; }
  std::unique_ptr<PrefixState> encode_prefix(const TokenIds& prefix) override;
  std::unique_ptr<PrefixState> extend(const PrefixState& state, const TokenIds& tokens) override;
  std::vector<std::vector<TokenScores>> loglikelihood_items(const PrefixState& state,
                                                            const std::vector<ScoringItem>& items) override;
  std::vector<TokenIds> generate_greedy_many(const PrefixState& state, const std::vector<GenerationRequest>& requests,
                                             std::vector<bool>* batched = nullptr) override;

 private:
  TokenIds greedy_tokens(const TokenIds& visible, int count) const;
  TokenIds visible_tail(const PrefixState& prefix) const;
  TokenScores score(const TokenIds& visible, const TokenIds& continuation) const;
  void pause() const;

  ModelInfo info_;
  MockSettings settings_;
  std::shared_ptr<const TextCodec> codec_;
};

}  // namespace fot
