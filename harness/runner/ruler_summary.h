// RULER's own summary of a run's RULER tasks (tasks/ruler): per model, memory configuration and
// max_seq_length, each task's score as RULER prints it (round(mean * 100, 2), a percentage) and
// their average over the tasks of the run, as RULER's tables average its tasks. docs/ruler.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/result_row.h"

namespace fot {

struct RulerSummaryRow {
  std::string model, memory_config;
  int64_t max_seq_length = 0;
  std::map<std::string, double> percent;  // task -> RULER's percentage
  double average = 0.0;                   // over the run's RULER tasks (all present at this length)
  bool complete = true;                   // every RULER task of the run has a row at this length
};

struct RulerSummary {
  std::vector<std::string> tasks;  // the run's RULER tasks, in order of first appearance
  std::vector<RulerSummaryRow> rows;
};

RulerSummary ruler_summary(const std::vector<ResultRow>& rows);
nlohmann::json ruler_summary_json(const RulerSummary& summary);
std::string ruler_summary_markdown(const RulerSummary& summary);  // "" when the run has no RULER task

}  // namespace fot
