// The summary rows tasks declare (tasks/task.h SummaryRow, kept in run.json), computed over a
// finished run's pooled rows: e.g. the LongLLaMA paper's zero-shot "Avg".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/results/result_row.h"
#include "tasks/task.h"

namespace fot {

struct SummaryValue {
  std::string model, memory_config, variant;
  double value = 0.0;
  int64_t min_n = 0;  // the fewest samples behind one of the rows (< the split: a --limit run)
};

struct ComputedSummary {
  SummaryRow row;
  std::vector<SummaryValue> values;  // in the rows' order of first appearance; groups missing a row get none
};

// Each distinct declaration (by key, first declared first), with its values.
std::vector<ComputedSummary> summary_rows(const std::vector<SummaryRow>& declared, const std::vector<ResultRow>& rows);

// results.json: key -> [{model, memory_config, variant, rows, value, min_n}], for summaries with values.
void add_summary_json(const std::vector<ComputedSummary>& summaries, nlohmann::json& results);
// results.md sections ("" when no summary has a value).
std::string summary_markdown(const std::vector<ComputedSummary>& summaries);

}  // namespace fot
