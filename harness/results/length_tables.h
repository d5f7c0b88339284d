// The length tables tasks declare (tasks/task.h LengthTable, kept in run.json), computed over a
// finished run's rows: e.g. RULER's per-length percentages and their average (docs/ruler.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/results/result_row.h"
#include "tasks/task.h"

namespace fot {

struct LengthTableRow {
  std::string model, memory_config;
  int64_t length = 0;
  std::map<std::string, double> values;  // task -> its metric, scaled and rounded
  double average = 0.0;                  // over the tasks present at this length
  bool complete = true;                  // every task of the table has a row at this length
};

struct ComputedLengthTable {
  LengthTable table;
  std::vector<std::string> tasks;  // the run's tasks of the table's variant, in order of first appearance
  std::vector<LengthTableRow> rows;
};

// Each distinct declaration (by key, first declared first) over the rows.
std::vector<ComputedLengthTable> length_tables(const std::vector<LengthTable>& declared,
                                               const std::vector<ResultRow>& rows);

// results.json: key -> [{model, memory_config, <length_column>, <values_field>, average, complete}], for
// tables with rows.
void add_length_tables_json(const std::vector<ComputedLengthTable>& tables, nlohmann::json& results);
// results.md sections ("" when no table has a row).
std::string length_tables_markdown(const std::vector<ComputedLengthTable>& tables);

}  // namespace fot
