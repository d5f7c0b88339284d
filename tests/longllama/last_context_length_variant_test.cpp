// LanguageModel::with_last_context_length on the longllama backend: a model sharing the weights
// whose input split uses another last_context_length must equal a backend built with that value,
// outlive the model it came from, and leave that model as it was.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/input_error.h"
#include "models/backends/longllama_backend.h"
#include "models/checkpoint/checkpoint.h"
#include "tiny_longllama.h"

namespace fot {
namespace {

using test::pseudo_random_tokens;
using test::tiny_longllama;

LongLlamaOptions with_lcl(std::optional<int64_t> lcl) {
  LongLlamaOptions options;
  options.memory.dtype = "float32";
  options.memory.last_context_length = lcl;
  return options;
}

TEST(LastContextLengthVariant, EqualsABackendBuiltWithIt) {
  const auto checkpoint = tiny_longllama();
  auto original = std::make_unique<LongLlamaBackend>(checkpoint, with_lcl(std::nullopt));
  const std::string original_config = original->info().memory_config;
  ASSERT_NE(original_config.find("lcl=16"), std::string::npos) << original_config;
  std::shared_ptr<LanguageModel> variant = original->with_last_context_length(9);
  ASSERT_NE(variant, nullptr);
  original.reset();  // the variant keeps the weights it reads

  LongLlamaBackend built(checkpoint, with_lcl(9));
  EXPECT_EQ(variant->info().memory_config, built.info().memory_config);
  EXPECT_NE(variant->info().memory_config.find("lcl=9"), std::string::npos);
  EXPECT_EQ(variant->info().memory_window, 32);

  const int32_t vocab = checkpoint.config.vocab_size;
  const TokenIds prefix = pseudo_random_tokens(100, 3, vocab);  // windows into memory, 9 tokens in the local cache
  const TokenIds question = {5, 9, 17, 4};
  const std::vector<TokenIds> labels = {{7}, {8, 11}, {12, 13, 14}};
  auto a = variant->encode_prefix(prefix);
  auto b = built.encode_prefix(prefix);
  for (const auto& label : labels) EXPECT_EQ(variant->loglikelihood(*a, label).logprob, built.loglikelihood(*b, label).logprob);
  const auto items_a = variant->loglikelihood_items(*a, {{question, labels}});
  const auto items_b = built.loglikelihood_items(*b, {{question, labels}});
  for (size_t j = 0; j < labels.size(); ++j)
    EXPECT_EQ(items_a[0][j].summary().logprob, items_b[0][j].summary().logprob);
  EXPECT_EQ(variant->generate_greedy(*a, 20, {}), built.generate_greedy(*b, 20, {}));
  // Another split gives other scores (the setting is really used).
  LongLlamaBackend other(checkpoint, with_lcl(std::nullopt));
  auto c = other.encode_prefix(prefix);
  EXPECT_NE(other.loglikelihood(*c, labels[2]).logprob, built.loglikelihood(*b, labels[2]).logprob);
}

TEST(LastContextLengthVariant, LeavesTheOriginalAndRejectsValuesOutsideTheWindow) {
  const auto checkpoint = tiny_longllama();
  LongLlamaBackend original(checkpoint, with_lcl(std::nullopt));
  const TokenIds prefix = pseudo_random_tokens(80, 5, checkpoint.config.vocab_size);
  auto before = original.encode_prefix(prefix);
  const double score = original.loglikelihood(*before, {7, 8}).logprob;
  auto variant = original.with_last_context_length(32);
  EXPECT_NE(variant->info().memory_config.find("lcl=32"), std::string::npos);
  EXPECT_NE(original.info().memory_config.find("lcl=16"), std::string::npos);
  auto after = original.encode_prefix(prefix);
  EXPECT_EQ(original.loglikelihood(*after, {7, 8}).logprob, score);
  EXPECT_THROW(original.with_last_context_length(0), InputError);
  EXPECT_THROW(original.with_last_context_length(33), InputError);
}

}  // namespace
}  // namespace fot
