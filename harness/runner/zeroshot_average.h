// The LongLLaMA paper's zero-shot "Avg": the mean of its 21 lm-eval rows (tasks/zeroshot/aggregation.h),
// for every (model, memory configuration, variant) whose run holds all 21 pooled rows. Rows with
// and without BOS (variants v0.3 / v0.3+bos) are averaged apart.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/result_row.h"

namespace fot {

struct ZeroShotAverage {
  std::string model, memory_config, variant;
  double value = 0.0;
  int64_t min_n = 0;  // the fewest samples behind one of the 21 rows (< the split: a --limit run)
};

// In the rows' order of first appearance; groups missing a row get none.
std::vector<ZeroShotAverage> zeroshot_averages(const std::vector<ResultRow>& rows);

nlohmann::json zeroshot_averages_json(const std::vector<ZeroShotAverage>& averages);
// A Markdown section ("" when there is none).
std::string zeroshot_averages_markdown(const std::vector<ZeroShotAverage>& averages);

}  // namespace fot
