// One state used by two threads at once: scoring, extending and generating from it never change it,
// and each thread gets what it gets alone. Run under ThreadSanitizer too (preset "tsan").
#include <thread>

#include <ATen/Parallel.h>

#include "models/blas_threads.h"
#include "tests/seam/seam_support.h"

namespace fot {
namespace {

using test::tokens;

// Everything one worker of a few-shot run does with a shared state, as comparable values.
struct Work {
  std::vector<TokenScores> many;
  std::vector<std::vector<TokenScores>> items;
  double extended_score = 0.0;
  TokenIds generated;
  std::vector<TokenIds> generated_many;
};

Work do_work(LanguageModel& model, const PrefixState& state, uint32_t seed) {
  Work work;
  work.many = model.loglikelihood_many(state, {tokens(1, seed), tokens(4, seed + 1), tokens(6, seed + 2)});
  work.items = model.loglikelihood_items(state, {ScoringItem{tokens(5, seed + 3), {tokens(2, seed + 4), tokens(3, seed + 5)}},
                                                 ScoringItem{{}, {tokens(1, seed + 6)}}});
  auto extended = model.extend(state, tokens(8, seed + 7));
  work.extended_score = model.loglikelihood(*extended, tokens(3, seed + 8)).logprob;
  // 30 tokens: longllama's local cache (112 of 128) flushes on the way.
  work.generated = model.generate_greedy(state, 30);
  work.generated_many = model.generate_greedy_many(state, {GenerationRequest{tokens(3, seed + 9), 4, {}},
                                                           GenerationRequest{{}, 6, {}}});
  return work;
}

void expect_same(const Work& a, const Work& b) {
  ASSERT_EQ(a.many.size(), b.many.size());
  for (size_t i = 0; i < a.many.size(); ++i) EXPECT_EQ(a.many[i].logprobs, b.many[i].logprobs);
  ASSERT_EQ(a.items.size(), b.items.size());
  for (size_t i = 0; i < a.items.size(); ++i)
    for (size_t c = 0; c < a.items[i].size(); ++c) EXPECT_EQ(a.items[i][c].logprobs, b.items[i][c].logprobs);
  EXPECT_EQ(a.extended_score, b.extended_score);
  EXPECT_EQ(a.generated, b.generated);
  EXPECT_EQ(a.generated_many, b.generated_many);
}

class SharedStateTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SharedStateTest, TwoThreadsOnOneStateGetWhatEachGetsAlone) {
  // As one harness worker does: each thread keeps its products on one core (and bit-identical
  // results need the same thread counts as the runs alone).
  set_blas_threads(1);
  at::set_num_threads(1);
  auto model = test::zoo_backend(GetParam());
  auto state = model->encode_prefix(tokens(GetParam() == "longllama" ? 400 : 60, 2, 192, true));
  const Work alone_a = do_work(*model, *state, 100), alone_b = do_work(*model, *state, 200);
  for (int round = 0; round < 2; ++round) {
    Work a, b;
    std::thread first([&] { a = do_work(*model, *state, 100); });
    std::thread second([&] { b = do_work(*model, *state, 200); });
    first.join();
    second.join();
    expect_same(a, alone_a);
    expect_same(b, alone_b);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, SharedStateTest, ::testing::Values("llama", "longllama"));

}  // namespace
}  // namespace fot
