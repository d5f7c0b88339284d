// A LanguageModel that forwards every call to another and counts the tokens it hands over: each
// prefix, extension, continuation and generated token crosses the seam once, and the backends
// read each token they are handed once (extend() computes only the new tokens), so the count is
// the tokens that went through the model. Variants (with_last_context_length) count into the same
// counter.
#pragma once

#include <atomic>
#include <memory>

#include "models/language_model.h"

namespace fot::bench {

class CountingModel : public LanguageModel {
 public:
  CountingModel(std::shared_ptr<LanguageModel> inner, std::shared_ptr<std::atomic<int64_t>> counter)
      : inner_(std::move(inner)), counter_(std::move(counter)) {}
  int64_t tokens() const { return counter_->load(); }

  ModelInfo info() const override { return inner_->info(); }
  std::shared_ptr<LanguageModel> with_last_context_length(int64_t lcl) const override {
    auto variant = inner_->with_last_context_length(lcl);
    return variant ? std::make_shared<CountingModel>(variant, counter_) : nullptr;
  }
  std::unique_ptr<PrefixState> encode_prefix(const TokenIds& prefix) override {
    add(prefix.size());
    return inner_->encode_prefix(prefix);
  }
  std::unique_ptr<PrefixState> extend(const PrefixState& state, const TokenIds& tokens) override {
    add(tokens.size());
    return inner_->extend(state, tokens);
  }
  std::vector<std::vector<TokenScores>> loglikelihood_items(const PrefixState& state,
                                                            const std::vector<ScoringItem>& items) override {
    for (const auto& item : items) {
      add(item.context.size());
      for (const auto& c : item.continuations) add(c.size());
    }
    return inner_->loglikelihood_items(state, items);
  }
  std::vector<TokenIds> generate_greedy_many(const PrefixState& state,
                                             const std::vector<GenerationRequest>& requests,
                                             std::vector<bool>* batched = nullptr) override {
    for (const auto& r : requests) add(r.prompt.size());
    auto out = inner_->generate_greedy_many(state, requests, batched);
    for (const auto& ids : out) add(ids.size());
    return out;
  }

 private:
  void add(size_t n) { *counter_ += static_cast<int64_t>(n); }
  std::shared_ptr<LanguageModel> inner_;
  std::shared_ptr<std::atomic<int64_t>> counter_;
};

}  // namespace fot::bench
