// extend(): a state followed by more tokens, paying only for them, never changing the state.
#include "tests/seam/seam_support.h"

namespace fot {
namespace {

using test::last_logits;
using test::max_abs_diff;
using test::tokens;

// Logits after equal token streams differ only by fp32 summation order.
constexpr double kLogitTolerance = 1e-4;

class ExtendTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ExtendTest, ChunkingDoesNotMatterWithoutAFlush) {
  auto model = test::zoo_backend(GetParam());
  // longllama: 600 tokens fill several memory windows (488 tokens in 4 windows of 128) and leave 112
  // in the local cache; a + b = 12 more stay within the 128-token window, so no flush falls inside.
  // llama: 100 tokens, 112 in the end, within its 128-token context.
  const size_t prefix_length = GetParam() == "longllama" ? 600 : 100;
  const auto prefix = tokens(prefix_length, 3, 192, true);
  const auto a = tokens(5, 11), b = tokens(7, 12);
  TokenIds ab = a;
  ab.insert(ab.end(), b.begin(), b.end());

  auto state = model->encode_prefix(prefix);
  const auto before = last_logits(*model, *state).clone();
  const auto probe = tokens(4, 99);
  const auto score_before = model->loglikelihood(*state, probe);

  auto in_two = model->extend(*model->extend(*state, a), b);
  auto in_one = model->extend(*state, ab);
  std::unique_ptr<PrefixState> one_by_one = state->fork();
  for (int32_t token : ab) one_by_one = model->extend(*one_by_one, {token});

  EXPECT_EQ(in_two->num_tokens(), static_cast<int64_t>(prefix_length + ab.size()));
  EXPECT_EQ(in_one->num_tokens(), in_two->num_tokens());
  EXPECT_EQ(one_by_one->num_tokens(), in_two->num_tokens());
  const auto reference = last_logits(*model, *in_one);
  EXPECT_LE(max_abs_diff(last_logits(*model, *in_two), reference), kLogitTolerance);
  EXPECT_LE(max_abs_diff(last_logits(*model, *one_by_one), reference), kLogitTolerance);
  test::expect_close(model->loglikelihood(*in_two, probe).logprob, model->loglikelihood(*in_one, probe).logprob, 1e-5,
                     "probe after a then b");
  test::expect_close(model->loglikelihood(*one_by_one, probe).logprob, model->loglikelihood(*in_one, probe).logprob,
                     1e-5, "probe after one token at a time");

  if (auto* longllama = dynamic_cast<LongLlamaBackend*>(model.get())) {
    for (const PrefixState* s : {in_two.get(), one_by_one.get()}) {
      EXPECT_EQ(longllama->memory_report(*s).tokens, longllama->memory_report(*in_one).tokens);
      EXPECT_EQ(longllama->memory_report(*s).local_tokens, longllama->memory_report(*in_one).local_tokens);
    }
    EXPECT_EQ(longllama->memory_report(*in_one).tokens, 488);
    EXPECT_EQ(longllama->memory_report(*in_one).local_tokens, 124);
  } else {
    // llama: the same as reading everything at once.
    TokenIds all = prefix;
    all.insert(all.end(), ab.begin(), ab.end());
    EXPECT_LE(max_abs_diff(last_logits(*model, *model->encode_prefix(all)), reference), kLogitTolerance);
  }
  // The state it started from is unchanged, bit for bit.
  EXPECT_TRUE(at::equal(last_logits(*model, *state), before));
  EXPECT_EQ(model->loglikelihood(*state, probe).logprob, score_before.logprob);
  EXPECT_EQ(state->num_tokens(), static_cast<int64_t>(prefix_length));
}

TEST_P(ExtendTest, ScoringAndGeneratingLeaveTheStateAlone) {
  auto model = test::zoo_backend(GetParam());
  auto state = model->encode_prefix(tokens(GetParam() == "longllama" ? 300 : 60, 5, 192, true));
  const auto probe = tokens(3, 8);
  const auto first = model->loglikelihood(*state, probe);
  const auto generated = model->generate_greedy(*state, 12);
  // Generation and long scoring extend copies of the caches (longllama: across a flush).
  model->loglikelihood(*state, tokens(40, 9));
  model->generate_greedy(*state, 40);
  EXPECT_EQ(model->loglikelihood(*state, probe).logprob, first.logprob);
  EXPECT_EQ(model->generate_greedy(*state, 12), generated);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExtendTest, ::testing::Values("llama", "longllama"));

TEST(LongLlamaExtend, FlushInsideDependsOnTheChunks) {
  // local cache 112 of a 128-token window: 10 + 10 flushes at the second chunk (122 + 10 > 128), 20 at
  // once flushes before it; both move the 112 old local tokens to memory, then differ in what stays.
  auto model = test::zoo_backend("longllama");
  auto& longllama = dynamic_cast<LongLlamaBackend&>(*model);
  auto state = model->encode_prefix(tokens(400, 21, 192, true));
  const auto a = tokens(10, 22), b = tokens(10, 23);
  TokenIds ab = a;
  ab.insert(ab.end(), b.begin(), b.end());
  auto in_two = model->extend(*model->extend(*state, a), b);
  auto in_one = model->extend(*state, ab);
  EXPECT_EQ(longllama.memory_report(*in_two).tokens, 288 + 122);
  EXPECT_EQ(longllama.memory_report(*in_two).local_tokens, 10);
  EXPECT_EQ(longllama.memory_report(*in_one).tokens, 288 + 112);
  EXPECT_EQ(longllama.memory_report(*in_one).local_tokens, 20);
}

}  // namespace
}  // namespace fot
