// The one result schema every printer reads (CSV, JSON, Markdown, plots), as llama-bench does:
// one table of fields (result_fields()) drives every format. Sweep axes are columns, never parts of
// metric names.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fot {

struct ResultRow {
  std::string model;
  std::string memory_config;                // MemoryConfig::canonical() or "none"
  std::string task;
  std::string variant;
  std::optional<int64_t> context_tokens;    // empty for tasks without a length axis
  std::optional<double> depth;              // empty: pooled over all depths (or no depth axis)
  int64_t n = 0;                            // samples behind the row
  std::string metric;
  double value = 0.0;
  std::optional<double> std_error;          // empty when n < 2 (or fewer than 2 draws)
  double ci_low = 0.0;
  double ci_high = 0.0;
  std::string commit;
  std::string config_hash;
  std::optional<int64_t> draw;              // the row of one draw; empty when pooled or no draw axis
  std::optional<int64_t> n_draws;           // draws behind a row pooled over draws
  std::string ci_method;                    // "wilson", "t" (over samples) or "t_draws" (over draws)
  nlohmann::ordered_json axes = nlohmann::ordered_json::object();  // the row's sweep point by axis name
  std::string main_metric;                  // the task's main metric (plots)
};

// One column of the schema: its CSV cell, its JSON value, and (when shown) its Markdown cell.
struct ResultField {
  const char* name;
  std::string (*csv)(const ResultRow&);
  nlohmann::json (*json)(const ResultRow&);
  const char* markdown_header;                // nullptr: not in the Markdown table
  std::string (*markdown)(const ResultRow&);  // nullptr: the CSV cell
  bool right_aligned;
  // nullptr: always shown; else the Markdown column is shown only when some row has a value.
  bool (*markdown_present)(const ResultRow&) = nullptr;
};

// model,memory_config,task,variant,context_tokens,depth,n,metric,value,stderr,ci_low,ci_high,commit,
// config_hash,draw,n_draws,ci_method: the 14 leading columns are fixed; later ones are appended.
const std::vector<ResultField>& result_fields();
std::vector<std::string> result_columns();

// The row's CSV cells in column order: fixed formats so files are byte-stable (numbers with 6
// decimals, depth with up to 6 significant digits, empty for "none").
std::vector<std::string> result_cells(const ResultRow& row);

std::string format_depth(const std::optional<double>& depth);

}  // namespace fot
