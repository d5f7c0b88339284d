// The paper's "Avg" in a finished run's results: the mean of the 21 rows for every model and
// variant that has them all, none for a group missing a row.
#include <gtest/gtest.h>

#include "harness/runner/zeroshot_average.h"
#include "tasks/zeroshot/aggregation.h"

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

TEST(ZeroShotAverage, MeanOfThe21RowsPerModelAndVariant) {
  std::vector<ResultRow> rows;
  // Row i (0-based, paper order) holds (i + 1) / 100: the mean is (1 + ... + 21) / 21 / 100 = 0.11.
  const auto& paper = zeroshot::paper_rows();
  ASSERT_EQ(paper.size(), 21u);
  for (size_t i = 0; i < paper.size(); ++i) {
    rows.push_back(row("A", "v0.3", paper[i].first, paper[i].second, static_cast<double>(i + 1) / 100.0, 100 + i));
    if (paper[i].first != "winogrande")  // the BOS group misses a row
      rows.push_back(row("A", "v0.3+bos", paper[i].first, paper[i].second, 0.9, 50));
  }
  rows.push_back(row("A", "v0.3", "passkey", "acc", 1.0, 5));  // not a paper row: ignored
  auto with_length = row("A", "v0.3", "arc_easy", "acc", 1.0, 5);
  with_length.context_tokens = 100;  // not a pooled row: ignored
  rows.push_back(with_length);
  const auto averages = zeroshot_averages(rows);
  ASSERT_EQ(averages.size(), 1u);
  EXPECT_EQ(averages[0].model, "A");
  EXPECT_EQ(averages[0].variant, "v0.3");
  EXPECT_NEAR(averages[0].value, 0.11, 1e-12);
  EXPECT_EQ(averages[0].min_n, 100);
  const auto json = zeroshot_averages_json(averages);
  EXPECT_EQ(json[0]["rows"], 21);
  EXPECT_NE(zeroshot_averages_markdown(averages).find("| A | none | v0.3 | 21 | 0.1100 | 100 |"), std::string::npos);
  EXPECT_EQ(zeroshot_averages_markdown({}), "");
}

}  // namespace
}  // namespace fot
