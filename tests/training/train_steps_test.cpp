// A few training steps from a fixed seed on a tiny configuration: the loss falls, the run is
// deterministic, and a crossbatch step's negatives hold no passkey.
#include <gtest/gtest.h>

#include <ATen/Parallel.h>

#include <numeric>
#include <set>

#include "models/tokenizer/tokenizer.h"
#include "test_paths.h"
#include "training/trainer.h"

namespace fot::train {
namespace {

ModelConfig tiny_config(int32_t vocab, bool memory) {
  ModelConfig c;
  c.vocab_size = vocab;
  c.hidden_size = 32;
  c.intermediate_size = 64;
  c.num_hidden_layers = 2;
  c.num_attention_heads = c.num_key_value_heads = 2;
  c.max_position_embeddings = 128;
  if (memory) {
    c.mem_layers = std::vector<int32_t>{1};
    c.last_context_length = 112;
    c.mem_dtype = "float32";
  }
  return c;
}

double mean(const std::vector<double>& v, size_t begin, size_t end) {
  return std::accumulate(v.begin() + begin, v.begin() + end, 0.0) / static_cast<double>(end - begin);
}

PhaseResult run(const std::string& phase, uint64_t seed) {
  at::set_num_threads(1);  // small tensors: threads only add waiting on a busy box
  const DocumentMaker maker(Tokenizer::load(zoo_tokenizer()));
  torch::manual_seed(seed);
  TinyLlama model(tiny_config(maker.tokenizer().vocab_size(), phase == "fot"));
  model.initialise();
  PhaseOptions o;
  o.phase = phase;
  o.steps = 20;
  o.warmup = 5;
  o.lr = 3e-3;
  o.rows = 4;
  o.pool = 2;
  o.max_windows = 3;
  o.crossbatch.negatives = 2;
  o.seed = seed;
  o.print_every = 1000;
  return train_phase(model, maker, o);
}

TEST(TrainSteps, PlainLossFallsInTwentySteps) {
  const auto result = run("plain", 5);
  ASSERT_EQ(result.losses.size(), 20u);
  EXPECT_LT(mean(result.losses, 15, 20), 0.8 * mean(result.losses, 0, 5));
}

TEST(TrainSteps, CrossbatchLossFallsAndTheRunIsDeterministic) {
  const auto first = run("fot", 6);
  ASSERT_EQ(first.losses.size(), 20u);
  EXPECT_LT(mean(first.losses, 15, 20), 0.8 * mean(first.losses, 0, 5));
  const auto again = run("fot", 6);
  EXPECT_EQ(first.losses, again.losses);
}

TEST(SampleLayout, CrossbatchStepFollowsTheBackendWindowsAndNegativesHoldNoPasskey) {
  const auto tokenizer = Tokenizer::load(zoo_tokenizer());
  const DocumentMaker maker(tokenizer);
  PhaseOptions o;
  o.phase = "fot";
  o.rows = 16;
  o.pool = 6;
  o.crossbatch.negatives = 4;
  Rng rng(1);
  std::set<int32_t> digits;
  for (char c = '0'; c <= '9'; ++c) digits.insert(tokenizer->piece_to_id(std::string(1, c)));
  for (int step = 0; step < 5; ++step) {
    const Layout layout = sample_layout(o, maker, 128, 112, rng);
    EXPECT_GE(layout.query_rows, 16);
    for (size_t r = 0; r < layout.rows.size(); ++r) {
      const Row& row = layout.rows[r];
      EXPECT_LE(row.inputs.size(), 128u);
      if (static_cast<int64_t>(r) < layout.query_rows) {
        // Documents start with BOS in their first window only.
        EXPECT_EQ(row.inputs.front() == tokenizer->bos_id(), row.window == 0);
        continue;
      }
      for (int32_t id : row.inputs) EXPECT_EQ(digits.count(id), 0u) << "a negative holds a digit";
    }
  }
}

}  // namespace
}  // namespace fot::train
