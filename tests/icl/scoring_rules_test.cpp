// Label choice (mean log-prob per token, ties to the earlier label) and the WebQS stop rule.
#include <gtest/gtest.h>

#include "tasks/icl/answer_generation.h"
#include "tasks/icl/label_scoring.h"

namespace fot::icl {
namespace {

TEST(LabelScoring, MeanPerTokenAndTiesToTheEarlierLabel) {
  EXPECT_DOUBLE_EQ(mean_token_logprob(-6.0, 3), -2.0);
  EXPECT_THROW(mean_token_logprob(-1.0, 0), std::invalid_argument);
  EXPECT_EQ(best_label({-3.0, -1.0, -2.0}), 1u);
  EXPECT_EQ(best_label({-1.0, -2.0, -1.0}), 0u);
  EXPECT_EQ(best_label({-5.0, -0.5, -0.5, -0.7}), 1u);
  EXPECT_THROW(best_label({}), std::invalid_argument);
}

TEST(WebqsStopRule, StopsAtNewlineEosOrThirtyTokens) {
  const int32_t newline = 13, eos = 2;
  const Generation generation = webqs_generation(newline, eos);
  EXPECT_EQ(generation.max_new_tokens, 30);
  EXPECT_EQ(generation.stop_tokens, (std::vector<int32_t>{newline, eos}));
  EXPECT_EQ(webqs_answer_tokens({5, 6, 13, 8}, newline, eos), (TokenIds{5, 6}));
  EXPECT_EQ(webqs_answer_tokens({5, 2, 13}, newline, eos), (TokenIds{5}));
  EXPECT_EQ(webqs_answer_tokens({13}, newline, eos), TokenIds{});
  EXPECT_EQ(webqs_answer_tokens(TokenIds(40, 7), newline, eos), TokenIds(30, 7));
}

}  // namespace
}  // namespace fot::icl
