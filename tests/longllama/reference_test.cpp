// The longllama backend against the independent Python reference (tests/scripts/fot_reference.py,
// written from docs/longllama-semantics.md sections 2-6): prefill logits of five windows plus the local part, then
// 40 greedy tokens on the token-by-token path across a flush, for fp32 and bf16 memory.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "models/backends/llama_backend.h"
#include "models/backends/longllama_backend.h"
#include "models/checkpoint/checkpoint.h"

namespace fot {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(FOT_GOLDEN_DIR) / "fot";

nlohmann::json meta() {
  std::ifstream in(kGolden / "meta.json");
  if (!in) throw std::runtime_error("missing " + (kGolden / "meta.json").string() + " (fixture fot_reference)");
  return nlohmann::json::parse(in);
}

at::Tensor read_f32(const nlohmann::json& entry) {
  const auto shape = entry.at("shape").get<std::vector<int64_t>>();
  auto tensor = at::empty(shape, at::kFloat);
  std::ifstream in(kGolden / entry.at("file").get<std::string>(), std::ios::binary);
  in.read(reinterpret_cast<char*>(tensor.data_ptr<float>()), tensor.numel() * 4);
  EXPECT_TRUE(static_cast<bool>(in)) << entry.dump();
  return tensor;
}

Checkpoint reference_checkpoint() {
  auto checkpoint = load_checkpoint((kGolden / meta().at("model_dir").get<std::string>()).string());
  validate_llama_tensors(checkpoint);
  return checkpoint;
}

// Largest |ours - reference| relative to the reference's logit scale.
double relative_error(const at::Tensor& ours, const at::Tensor& reference) {
  return (ours - reference).abs().max().item<double>() / std::max(1.0, reference.abs().max().item<double>());
}

TEST(LongLlamaReference, PrefillGenerationAndStepLogitsMatch) {
  const auto m = meta();
  const auto checkpoint = reference_checkpoint();
  for (const auto& c : m.at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    LongLlamaOptions options;
    options.memory.dtype = c.at("mem_dtype").get<std::string>();
    LongLlamaBackend backend(checkpoint, options);
    const double tolerance = c.at("tolerance").get<double>();
    const auto input = c.at("input_ids").get<TokenIds>();

    EXPECT_LE(relative_error(backend.all_logits(input), read_f32(c.at("prefill_logits"))), tolerance);

    auto prefix = backend.encode_prefix(input);
    const auto expected_ids = c.at("generated_ids").get<TokenIds>();
    const auto generated = backend.generate_greedy(*prefix, static_cast<int>(expected_ids.size()), {});
    EXPECT_EQ(generated, expected_ids);

    TokenIds fed(expected_ids.begin(), expected_ids.end() - 1);
    EXPECT_LE(relative_error(backend.decode_logits(*prefix, fed), read_f32(c.at("step_logits"))), tolerance);
  }
}

TEST(LongLlamaReference, ShortInputEqualsPlainLlama) {
  const auto m = meta();
  const auto checkpoint = reference_checkpoint();
  const auto input = m.at("plain_llama").at("input_ids").get<TokenIds>();
  LongLlamaBackend longllama(checkpoint, LongLlamaOptions{});
  LlamaBackend llama(checkpoint, "", OverflowPolicy::kError);
  auto cache = llama.model().make_cache();
  auto plain = llama.model().forward(input, cache, LogitsFor::kAll);
  EXPECT_LE((longllama.all_logits(input) - plain).abs().max().item<double>(), 1e-6);
  // And both equal the Python reference's plain LLaMA.
  EXPECT_LE(relative_error(plain, read_f32(m.at("plain_llama"))), 1e-5);
}

}  // namespace
}  // namespace fot

namespace fot {
namespace {

// extend() after a prefix of five memory windows, chunk by chunk, two of the chunks crossing a flush
// of the local cache and one longer than last_context_length: the reference's later calls with
// past_key_values for the same chunks.
TEST(LongLlamaReference, ExtendChunksAcrossFlushesMatch) {
  const auto m = meta();
  const auto& e = m.at("extend");
  const double tolerance = e.at("tolerance").get<double>();
  // The golden depends on the flush moving the local cache to memory, far beyond the tolerance.
  EXPECT_GT(e.at("diagnostics").at("flush_drops_max_abs_diff").get<double>(), 100 * tolerance);
  LongLlamaOptions options;
  options.memory.dtype = e.at("mem_dtype").get<std::string>();
  LongLlamaBackend backend(reference_checkpoint(), options);
  std::unique_ptr<PrefixState> state = backend.encode_prefix(e.at("input_ids").get<TokenIds>());
  EXPECT_EQ(backend.memory_report(*state).tokens, 160);
  std::vector<at::Tensor> logits;
  const auto chunks = e.at("chunks").get<std::vector<TokenIds>>();
  for (size_t i = 0; i < chunks.size(); ++i) {
    auto [next, chunk_logits] = backend.extend_with_logits(*state, chunks[i]);
    logits.push_back(chunk_logits);
    EXPECT_EQ(backend.memory_report(*next).tokens, e.at("memory_tokens_after_chunk")[i].get<int64_t>()) << i;
    EXPECT_EQ(backend.memory_report(*next).local_tokens, e.at("local_tokens_after_chunk")[i].get<int64_t>()) << i;
    state = std::move(next);
  }
  EXPECT_LE(relative_error(at::cat(logits, 0), read_f32(e.at("logits"))), tolerance);
}

}  // namespace
}  // namespace fot
