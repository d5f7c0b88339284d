// A declared summary row (the zero-shot tasks' "Avg") in a finished run's results: the mean of the
// listed rows for every model and variant that has them all, none for a group missing a row.
#include <gtest/gtest.h>

#include "harness/results/summary_rows.h"

namespace fot {
namespace {

ResultRow row(const std::string& model, const std::string& variant, const std::string& task, const std::string& metric,
              double value, int64_t n) {
  ResultRow r;
  r.model = model;
  r.memory_config = "none";
  r.variant = variant;
  r.task = task;
  r.metric = metric;
  r.value = value;
  r.n = n;
  return r;
}

// Twenty-one rows, as the zero-shot tasks declare theirs.
SummaryRow average_of(const std::vector<std::pair<std::string, std::string>>& rows) {
  return {"zeroshot_average", "Avg", "Zero-shot average", "The mean.", rows};
}

TEST(SummaryRows, MeanOfTheDeclaredRowsPerModelAndVariant) {
  std::vector<ResultRow> rows;
  // Row i (0-based, paper order) holds (i + 1) / 100: the mean is (1 + ... + 21) / 21 / 100 = 0.11.
  std::vector<std::pair<std::string, std::string>> paper;
  for (int i = 0; i < 21; ++i) paper.push_back({"task" + std::to_string(i / 2), i % 2 ? "acc_norm" : "acc"});
  for (size_t i = 0; i < paper.size(); ++i) {
    rows.push_back(row("A", "v0.3", paper[i].first, paper[i].second, static_cast<double>(i + 1) / 100.0, 100 + i));
    if (i != 20)  // the BOS group misses a row
      rows.push_back(row("A", "v0.3+bos", paper[i].first, paper[i].second, 0.9, 50));
  }
  rows.push_back(row("A", "v0.3", "passkey", "acc", 1.0, 5));  // not a declared row: ignored
  auto with_length = row("A", "v0.3", "arc_easy", "acc", 1.0, 5);
  with_length.context_tokens = 100;  // not a pooled row: ignored
  rows.push_back(with_length);
  const auto summaries = summary_rows({average_of(paper), average_of(paper)}, rows);
  ASSERT_EQ(summaries.size(), 1u);  // one declaration per key
  const auto& averages = summaries[0].values;
  ASSERT_EQ(averages.size(), 1u);
  EXPECT_EQ(averages[0].model, "A");
  EXPECT_EQ(averages[0].variant, "v0.3");
  EXPECT_NEAR(averages[0].value, 0.11, 1e-12);
  EXPECT_EQ(averages[0].min_n, 100);
  nlohmann::json json = nlohmann::json::object();
  add_summary_json(summaries, json);
  EXPECT_EQ(json["zeroshot_average"][0]["rows"], 21);
  const std::string markdown = summary_markdown(summaries);
  EXPECT_NE(markdown.find("## Zero-shot average\n\nThe mean.\n\n| model | memory_config | variant | rows | Avg | min n |"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("| A | none | v0.3 | 21 | 0.1100 | 100 |"), std::string::npos);
  EXPECT_EQ(summary_markdown(summary_rows({average_of(paper)}, {})), "");
}

}  // namespace
}  // namespace fot
