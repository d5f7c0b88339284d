// The trainer's forward and the inference backends compute the same logits from the saved files:
// a random LongLLaMA-shaped model (several windows, memory read as extra contexts) and a plain one,
// and the shipped zoo models, which must also load, validate and fit in 10 MB.
#include <gtest/gtest.h>

#include <filesystem>

#include "models/checkpoint/checkpoint.h"
#include "models/tokenizer/tokenizer.h"
#include "test_paths.h"
#include "training/documents.h"
#include "training/forward_check.h"
#include "training/hf_export.h"
#include "training/tiny_llama.h"

namespace fot::train {
namespace {

namespace fs = std::filesystem;

std::string save_random(const ModelConfig& config, const std::string& name) {
  torch::manual_seed(3);
  TinyLlama model(config);
  model.initialise();
  // Non-trivial norms so a transposed or misnamed norm weight shows.
  for (auto& p : model.hf_parameters())
    if (p.dim() == 1) p.detach().uniform_(0.5, 1.5);
  const auto dir = fs::path(FOT_BINARY_DIR) / "training_test" / name;
  fs::remove_all(dir);
  save_hf_model(config, model.export_tensors(), zoo_tokenizer(), dir.string());
  return dir.string();
}

ModelConfig small_config(int32_t vocab) {
  ModelConfig c;
  c.vocab_size = vocab;
  c.hidden_size = 48;
  c.intermediate_size = 96;
  c.num_hidden_layers = 4;
  c.num_attention_heads = c.num_key_value_heads = 4;
  c.max_position_embeddings = 32;
  return c;
}

std::vector<int32_t> document(const std::string& tokenizer, int64_t tokens) {
  DocumentMaker maker(Tokenizer::load(tokenizer));
  Rng rng(4);
  return maker.sized(tokens, rng).prompt;
}

TEST(ForwardEqualsBackend, RandomLongLlamaAcrossManyWindows) {
  auto config = small_config(Tokenizer::load(zoo_tokenizer())->vocab_size());
  config.mem_layers = std::vector<int32_t>{1, 2};
  config.last_context_length = 24;
  config.mem_dtype = "float32";
  const auto dir = save_random(config, "longllama");
  auto tokens = document(zoo_tokenizer(), 150);  // ~5 memory windows of L = 32, then lcl = 24
  ASSERT_GT(tokens.size(), 120u);
  EXPECT_LT(max_logit_difference(dir, tokens), 1e-4);
}

TEST(ForwardEqualsBackend, RandomPlainLlamaOnOneWindow) {
  auto config = small_config(Tokenizer::load(zoo_tokenizer())->vocab_size());
  config.max_position_embeddings = 128;
  const auto dir = save_random(config, "llama");
  auto tokens = document(zoo_tokenizer(), 120);
  tokens.resize(std::min<size_t>(tokens.size(), 128));
  EXPECT_LT(max_logit_difference(dir, tokens), 1e-4);
}

void check_zoo_model(const std::string& name, bool longllama) {
  const auto dir = zoo_path(name);
  auto checkpoint = load_checkpoint(dir);
  validate_llama_tensors(checkpoint);
  const auto& c = checkpoint.config;
  EXPECT_EQ(c.is_longllama(), longllama);
  EXPECT_EQ(c.max_position_embeddings, 128);
  EXPECT_EQ(c.num_hidden_layers, 4);
  EXPECT_EQ(c.hidden_size, 128);
  int64_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(dir)) bytes += static_cast<int64_t>(entry.file_size());
  EXPECT_LE(bytes, 10 * 1024 * 1024);
  if (longllama) {
    ASSERT_TRUE(c.mem_layers.has_value());
    EXPECT_EQ(*c.mem_layers, std::vector<int32_t>{2});
    // Room to generate the longest answer ("▁" + 5 digits) without a flush.
    const auto tokenizer = Tokenizer::load(dir + "/tokenizer.model");
    EXPECT_EQ(tokenizer->encode("49999").size(), 6u);
    EXPECT_LE(c.last_context_length + 6, c.max_position_embeddings);
  }
  auto tokens = document(dir + "/tokenizer.model", longllama ? 500 : 120);
  if (!longllama) tokens.resize(std::min<size_t>(tokens.size(), 128));
  EXPECT_LT(max_logit_difference(dir, tokens), 1e-3);
}

TEST(ZooModels, TinyOpenLlamaLoadsAndMatchesTheTrainer) { check_zoo_model("tiny-openllama", false); }
TEST(ZooModels, TinyLongLlamaLoadsAndMatchesTheTrainer) { check_zoo_model("tiny-longllama", true); }

}  // namespace
}  // namespace fot::train
