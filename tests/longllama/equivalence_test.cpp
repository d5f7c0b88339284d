// Equivalences the longllama backend must keep, on the reference's random tiny checkpoint
// (L = 32, last_context_length = 16, memory layers 1, 3, 5).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "models/backends/llama_backend.h"
#include "models/backends/longllama_backend.h"
#include "models/checkpoint/checkpoint.h"
#include "tiny_longllama.h"
#include "common/input_error.h"

namespace fot {
namespace {

using test::pseudo_random_tokens;
using test::tiny_longllama;

LongLlamaOptions fp32_memory() {
  LongLlamaOptions options;
  options.memory.dtype = "float32";
  return options;
}

TEST(LongLlamaEquivalence, ForkedPrefixScoresLikeAFreshOne) {
  const auto checkpoint = tiny_longllama();
  LongLlamaBackend backend(checkpoint, fp32_memory());
  const auto prefix = pseudo_random_tokens(150, 7, checkpoint.config.vocab_size);
  auto shared = backend.encode_prefix(prefix);
  // Continuations short and long; 20 tokens push the local cache (16) past L = 32: a flush.
  for (size_t length : {1u, 3u, 20u, 40u}) {
    const auto continuation = pseudo_random_tokens(length + 1, 100 + length, checkpoint.config.vocab_size);
    const TokenIds tail(continuation.begin() + 1, continuation.end());
    auto fork = shared->fork();
    auto from_fork = backend.loglikelihood(*fork, tail);
    auto from_shared = backend.loglikelihood(*shared, tail);  // after earlier continuations borrowed it
    auto fresh = backend.encode_prefix(prefix);
    auto from_fresh = backend.loglikelihood(*fresh, tail);
    EXPECT_EQ(from_fork.logprob, from_fresh.logprob) << length;
    EXPECT_EQ(from_shared.logprob, from_fresh.logprob) << length;
    EXPECT_EQ(from_fork.is_greedy, from_fresh.is_greedy);
  }
  auto generated = backend.generate_greedy(*shared, 30, {});
  auto fresh = backend.encode_prefix(prefix);
  EXPECT_EQ(generated, backend.generate_greedy(*fresh, 30, {}));
}

TEST(LongLlamaEquivalence, NoMemoryLayersMakesWindowsIndependent) {
  const auto checkpoint = tiny_longllama();
  LongLlamaOptions options = fp32_memory();
  options.memory.layers = MemoryConfig::Layers::kNone;
  LongLlamaBackend backend(checkpoint, options);
  LlamaBackend plain(checkpoint, "", OverflowPolicy::kError);
  const int64_t window = 32, local = 16;
  const auto tokens = pseudo_random_tokens(3 * window + local, 11, checkpoint.config.vocab_size);
  auto logits = backend.all_logits(tokens);
  for (int64_t start = 0; start < static_cast<int64_t>(tokens.size()); start += window) {
    const int64_t length = std::min<int64_t>(window, tokens.size() - start);
    TokenIds piece(tokens.begin() + start, tokens.begin() + start + length);
    auto cache = plain.model().make_cache();
    auto alone = plain.model().forward(piece, cache, LogitsFor::kAll);
    EXPECT_LE((logits.narrow(0, start, length) - alone).abs().max().item<double>(), 1e-5) << "window at " << start;
  }
}

TEST(LongLlamaEquivalence, SkippingLayersAboveTheLastMemoryLayerChangesNothing) {
  const auto checkpoint = tiny_longllama();
  auto full = fp32_memory();
  full.skip_layers_above_memory = false;
  LongLlamaBackend skipping(checkpoint, fp32_memory());
  LongLlamaBackend computing(checkpoint, full);
  const auto prefix = pseudo_random_tokens(170, 5, checkpoint.config.vocab_size);
  auto a = skipping.encode_prefix(prefix);
  auto b = computing.encode_prefix(prefix);
  const TokenIds fed = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22};
  EXPECT_TRUE(at::equal(skipping.decode_logits(*a, fed), computing.decode_logits(*b, fed)));
}

TEST(LongLlamaEquivalence, MemoryHoldsExactlyTheBytesOfItsTokens) {
  const auto checkpoint = tiny_longllama();
  for (const char* dtype : {"float32", "bfloat16", "float16"}) {
    LongLlamaOptions options;
    options.memory.dtype = std::string(dtype);
    LongLlamaBackend backend(checkpoint, options);
    const auto prefix = pseudo_random_tokens(150, 3, checkpoint.config.vocab_size);
    auto state = backend.encode_prefix(prefix);
    const auto report = backend.memory_report(*state);
    const int64_t bytes = std::string(dtype) == "float32" ? 4 : 2;
    EXPECT_EQ(report.layers, 3);
    EXPECT_EQ(report.tokens, 150 - 16);  // everything but the last_context_length tokens
    EXPECT_EQ(report.local_tokens, 16);
    EXPECT_EQ(report.bytes_per_layer, 2 * report.tokens * checkpoint.config.hidden_size * bytes) << dtype;
  }
}

TEST(LongLlamaEquivalence, TopKCoveringAllMemoryEqualsDense) {
  const auto checkpoint = tiny_longllama();
  auto topk = fp32_memory();
  topk.memory.lookup = MemoryConfig::Lookup::kTopK;
  topk.memory.topk = 100000;
  LongLlamaBackend dense(checkpoint, fp32_memory());
  LongLlamaBackend exact_topk(checkpoint, topk);
  const auto tokens = pseudo_random_tokens(160, 9, checkpoint.config.vocab_size);
  EXPECT_LE((dense.all_logits(tokens) - exact_topk.all_logits(tokens)).abs().max().item<double>(), 1e-5);
}

TEST(LongLlamaEquivalence, BadMemoryConfigsNameTheField) {
  const auto checkpoint = tiny_longllama();
  auto expect_error = [&](LongLlamaOptions options, const std::string& field) {
    try {
      LongLlamaBackend backend(checkpoint, options);
      ADD_FAILURE() << "accepted a bad " << field;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(field), std::string::npos) << error.what();
    }
  };
  LongLlamaOptions out_of_range;
  out_of_range.memory.layers = MemoryConfig::Layers::kList;
  out_of_range.memory.layer_list = {1, 8};
  expect_error(out_of_range, "layers");
  LongLlamaOptions too_long;
  too_long.memory.last_context_length = 33;
  expect_error(too_long, "last_context_length");
  LongLlamaOptions bad_dtype;
  bad_dtype.memory.dtype = std::string("int8");
  expect_error(bad_dtype, "dtype");
  LongLlamaOptions bad_k;
  bad_k.memory.lookup = MemoryConfig::Lookup::kTopK;
  bad_k.memory.topk = 0;
  expect_error(bad_k, "topk");
}

}  // namespace
}  // namespace fot
