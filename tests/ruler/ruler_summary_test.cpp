// The RULER section of results.md/json: each task's score as RULER prints it (round(mean * 100, 2))
// and the average over the run's RULER tasks, per model, memory configuration and length; rows of
// other tasks are left out, and a length missing a task is marked.
#include <gtest/gtest.h>

#include "harness/runner/ruler_summary.h"

namespace fot {
namespace {

ResultRow row(const std::string& task, int64_t length, double value, const std::string& variant = "ruler") {
  ResultRow r;
  r.model = "m";
  r.memory_config = "none";
  r.task = task;
  r.variant = variant;
  r.context_tokens = length;
  r.metric = "string_match_all";
  r.value = value;
  return r;
}

TEST(RulerSummary, RulersPercentagesAndTheirAverage) {
  const RulerSummary summary = ruler_summary({row("vt", 1024, 2.0 / 3.0), row("fwe", 1024, 0.125),
                                              row("vt", 2048, 0.5), row("passkey", 1024, 1.0, "tokens")});
  ASSERT_EQ(summary.tasks, (std::vector<std::string>{"vt", "fwe"}));
  ASSERT_EQ(summary.rows.size(), 2u);
  EXPECT_EQ(summary.rows[0].percent.at("vt"), 66.67);
  EXPECT_EQ(summary.rows[0].percent.at("fwe"), 12.5);
  EXPECT_EQ(summary.rows[0].average, 39.59);  // (66.67 + 12.5) / 2 = 39.585, as RULER averages its printed scores
  EXPECT_TRUE(summary.rows[0].complete);
  EXPECT_FALSE(summary.rows[1].complete);
  const std::string md = ruler_summary_markdown(summary);
  EXPECT_NE(md.find("| m | none | 1024 | 66.67 | 12.50 | 39.59 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| m | none | 2048 | 50.00 | | 50.00* |"), std::string::npos) << md;
  EXPECT_EQ(ruler_summary_markdown(ruler_summary({row("passkey", 1024, 1.0, "tokens")})), "");
}

}  // namespace
}  // namespace fot
