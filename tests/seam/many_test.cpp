// Batched passes equal the single calls: many continuations after one state, many items after one
// state, and batched greedy generation.
#include "tests/seam/seam_support.h"

namespace fot {
namespace {

using test::tokens;

// Continuations of lengths 1..6 mixed in one batch.
std::vector<TokenIds> mixed_continuations(uint32_t seed) {
  std::vector<TokenIds> out;
  for (size_t i = 0; i < 14; ++i) out.push_back(tokens(1 + (i * 5 + seed) % 6, seed * 100 + i));
  return out;
}

struct Setup {
  std::string backend;
  int64_t last_context_length;  // longllama: leaves 128 - lcl tokens of room before a flush
  size_t prefix_length;
};

class ManyTest : public ::testing::TestWithParam<Setup> {
 protected:
  void SetUp() override {
    model_ = test::zoo_backend(GetParam().backend, GetParam().last_context_length);
    state_ = model_->encode_prefix(tokens(GetParam().prefix_length, 4, 192, true));
  }
  std::unique_ptr<LanguageModel> model_;
  std::unique_ptr<PrefixState> state_;
};

void expect_equal_scores(const TokenScores& batched, const TokenScores& alone, const LoglikelihoodResult& single,
                         const std::string& what) {
  ASSERT_EQ(batched.logprobs.size(), alone.logprobs.size()) << what;
  for (size_t t = 0; t < alone.logprobs.size(); ++t)
    test::expect_close(batched.logprobs[t], alone.logprobs[t], 1e-5, what + " token " + std::to_string(t));
  EXPECT_EQ(batched.greedy, alone.greedy) << what;
  test::expect_close(batched.summary().logprob, single.logprob, 1e-5, what + " sum");
  EXPECT_EQ(batched.summary().is_greedy, single.is_greedy) << what;
}

TEST_P(ManyTest, ManyContinuationsEqualSingleScoring) {
  const auto continuations = mixed_continuations(3);
  // The greedy continuation of every length too, so that greedy flags are not all false.
  auto all = continuations;
  all.push_back(model_->generate_greedy(*state_, 5));
  const auto batched = model_->loglikelihood_many(*state_, all);
  ASSERT_EQ(batched.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    const auto alone = model_->loglikelihood_many(*state_, {all[i]})[0];
    expect_equal_scores(batched[i], alone, model_->loglikelihood(*state_, all[i]), "continuation " + std::to_string(i));
  }
  EXPECT_TRUE(batched.back().summary().is_greedy);
}

TEST_P(ManyTest, ManyItemsEqualExtendThenScore) {
  std::vector<ScoringItem> items;
  for (size_t i = 0; i < 5; ++i) {
    ScoringItem item;
    item.context = tokens(i == 2 ? 0 : 2 + i * 2, 40 + i);  // item 2 scores right after the state
    item.continuations = mixed_continuations(static_cast<uint32_t>(7 + i));
    item.continuations.resize(6);
    items.push_back(item);
  }
  const auto batched = model_->loglikelihood_items(*state_, items);
  ASSERT_EQ(batched.size(), items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    std::unique_ptr<PrefixState> extended = items[i].context.empty() ? state_->fork()
                                                                      : model_->extend(*state_, items[i].context);
    ASSERT_EQ(batched[i].size(), items[i].continuations.size());
    for (size_t c = 0; c < items[i].continuations.size(); ++c) {
      const auto& continuation = items[i].continuations[c];
      expect_equal_scores(batched[i][c], model_->loglikelihood_many(*extended, {continuation})[0],
                          model_->loglikelihood(*extended, continuation),
                          "item " + std::to_string(i) + " label " + std::to_string(c));
    }
  }
}

TEST_P(ManyTest, BatchedGenerationEqualsSingleGeneration) {
  std::vector<GenerationRequest> requests;
  for (size_t r = 0; r < 6; ++r) {
    GenerationRequest request;
    request.prompt = tokens(r == 1 ? 0 : 1 + r, 60 + r);
    request.max_new_tokens = static_cast<int>(3 + 2 * r);
    if (r % 2 == 0) {  // stop after the third token, whatever it is
      request.stop = [](const TokenIds& generated) { return generated.size() == 3; };
    }
    requests.push_back(request);
  }
  const auto batched = model_->generate_greedy_many(*state_, requests);
  ASSERT_EQ(batched.size(), requests.size());
  for (size_t r = 0; r < requests.size(); ++r) {
    std::unique_ptr<PrefixState> prompted = requests[r].prompt.empty() ? state_->fork()
                                                                       : model_->extend(*state_, requests[r].prompt);
    const auto alone = model_->generate_greedy(*prompted, requests[r].max_new_tokens, requests[r].stop);
    EXPECT_EQ(batched[r], alone) << "request " << r;
  }
}

std::string setup_name(const ::testing::TestParamInfo<Setup>& info) {
  return info.param.backend + "_lcl" + std::to_string(info.param.last_context_length) + "_prefix" +
         std::to_string(info.param.prefix_length);
}

INSTANTIATE_TEST_SUITE_P(Backends, ManyTest,
                         ::testing::Values(Setup{"llama", 0, 60},
                                           // memory from several windows; 64 tokens of room: all batched
                                           Setup{"longllama", 64, 500},
                                           // 16 tokens of room: the longer prompts would flush and are generated alone
                                           Setup{"longllama", 0, 500}),
                         setup_name);

}  // namespace
}  // namespace fot
