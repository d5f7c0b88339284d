// The LLaMA forward against golden logits from tests/scripts/make_tiny_llama.py (an independent
// float64 PyTorch LLaMA written from the HF equations), for every checkpoint form it writes:
// safetensors (single, sharded), pytorch_model.bin (single, sharded), fp32 and bf16, tied and untied.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "models/backends/llama_backend.h"
#include "models/checkpoint/checkpoint.h"
#include "common/input_error.h"

namespace fot {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(FOT_GOLDEN_DIR) / "tiny_llama";

nlohmann::json golden() {
  std::ifstream in(kGolden / "golden.json");
  if (!in) throw std::runtime_error("missing " + (kGolden / "golden.json").string() + " (fixture tiny_llama)");
  return nlohmann::json::parse(in);
}

at::Tensor to_tensor(const nlohmann::json& rows) {
  const auto values = rows.get<std::vector<std::vector<double>>>();
  auto tensor = at::empty({static_cast<int64_t>(values.size()), static_cast<int64_t>(values[0].size())}, at::kDouble);
  for (size_t i = 0; i < values.size(); ++i)
    for (size_t j = 0; j < values[i].size(); ++j) tensor[i][j] = values[i][j];
  return tensor;
}

double relative_error(const at::Tensor& ours, const at::Tensor& reference) {
  return (ours.to(at::kDouble) - reference).abs().max().item<double>() / reference.abs().max().item<double>();
}

std::unique_ptr<LlamaBackend> load(const std::string& form_path) {
  auto checkpoint = load_checkpoint((kGolden / form_path).string());
  validate_llama_tensors(checkpoint);
  return std::make_unique<LlamaBackend>(checkpoint, "", OverflowPolicy::kError);
}

TEST(LlamaGolden, EveryFormMatchesTheReferenceLogits) {
  const auto g = golden();
  const auto tokens = g.at("tokens").get<TokenIds>();
  int checked = 0;
  for (const auto& [name, form] : g.at("forms").items()) {
    if (form.at("golden").is_null()) continue;
    SCOPED_TRACE(name);
    auto backend = load(form.at("path").get<std::string>());
    auto cache = backend->model().make_cache();
    auto logits = backend->model().forward(tokens, cache, LogitsFor::kAll);
    EXPECT_LE(relative_error(logits, to_tensor(g.at("goldens").at(form.at("golden").get<std::string>()))), 1e-4);
    ++checked;
  }
  EXPECT_GE(checked, 6);
}

class LlamaCache : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto g = golden();
    tokens_ = g.at("tokens").get<TokenIds>();
    for (const auto& [name, form] : g.at("forms").items()) {
      if (form.at("format") == "safetensors" && form.at("dtype") == "f32" && !form.at("golden").is_null()) {
        backend_ = load(form.at("path").get<std::string>());
        return;
      }
    }
    FAIL() << "no fp32 safetensors form in golden.json";
  }
  TokenIds tokens_;
  std::unique_ptr<LlamaBackend> backend_;
};

TEST_F(LlamaCache, IncrementalDecodingEqualsFullRecomputation) {
  auto& model = backend_->model();
  auto cache = model.make_cache();
  auto full = model.forward(tokens_, cache, LogitsFor::kAll);
  auto incremental_cache = model.make_cache();
  // A first chunk, then one token at a time.
  std::vector<at::Tensor> rows = {model.forward(TokenIds(tokens_.begin(), tokens_.begin() + 5), incremental_cache,
                                                LogitsFor::kAll)};
  for (size_t i = 5; i < tokens_.size(); ++i) rows.push_back(model.forward({tokens_[i]}, incremental_cache, LogitsFor::kLast));
  EXPECT_LE((at::cat(rows, 0) - full).abs().max().item<double>(), 1e-5);
}

TEST_F(LlamaCache, LoglikelihoodFromAPrefixEqualsTheFullForward) {
  auto& model = backend_->model();
  auto cache = model.make_cache();
  auto log_probs = at::log_softmax(model.forward(tokens_, cache, LogitsFor::kAll).to(at::kDouble), -1);
  const size_t split = 9;
  double expected = 0;
  for (size_t i = split; i < tokens_.size(); ++i) expected += log_probs[i - 1][tokens_[i]].item<double>();
  const TokenIds context(tokens_.begin(), tokens_.begin() + split), continuation(tokens_.begin() + split, tokens_.end());
  auto prefix = backend_->encode_prefix(context);
  auto fork = prefix->fork();
  EXPECT_NEAR(backend_->loglikelihood(*prefix, continuation).logprob, expected, 1e-4);
  EXPECT_NEAR(backend_->loglikelihood(*prefix, continuation).logprob, expected, 1e-4);  // prefix unchanged
  EXPECT_NEAR(backend_->loglikelihood(*fork, continuation).logprob, expected, 1e-4);
}

TEST_F(LlamaCache, OverflowPolicyErrorsOrKeepsTheLastTokens) {
  const int64_t limit = backend_->info().context_limit;
  TokenIds long_input(limit + 10, 5);
  long_input[0] = 1;
  EXPECT_THROW(backend_->encode_prefix(long_input), InputError);

  auto checkpoint = load_checkpoint((kGolden / golden().at("forms").begin().value().at("path").get<std::string>()).string());
  validate_llama_tensors(checkpoint);
  LlamaBackend keep_last(checkpoint, "", OverflowPolicy::kKeepLast);
  EXPECT_EQ(keep_last.info().overflow, OverflowPolicy::kKeepLast);
  auto state = keep_last.encode_prefix(long_input);
  EXPECT_EQ(state->num_tokens(), limit);
  // Generation keeps room for its budget: the same as generating from the last (limit - 4) tokens.
  auto generated = keep_last.generate_greedy(long_input, 4);
  EXPECT_EQ(generated, keep_last.generate_greedy(TokenIds(long_input.end() - (limit - 4), long_input.end()), 4));
}

}  // namespace
}  // namespace fot
