// The one result schema every printer reads (CSV, JSON, Markdown, plots), as llama-bench does.
// Context length and depth are columns, never parts of metric names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fot {

struct ResultRow {
  std::string model;
  std::string memory_config;     // MemoryConfig::canonical() or "none"
  std::string task;
  std::string variant;
  int64_t context_tokens = 0;
  std::optional<double> depth;   // empty: pooled over all depths (or no depth sweep)
  int64_t n = 0;
  std::string metric;
  double value = 0.0;
  std::optional<double> std_error;  // empty when n < 2
  double ci_low = 0.0;
  double ci_high = 0.0;
  std::string commit;
  std::string config_hash;
};

// model,memory_config,task,variant,context_tokens,depth,n,metric,value,stderr,ci_low,ci_high,commit,config_hash
const std::vector<std::string>& result_columns();

// The row's cells as text, in column order: fixed formats so files are byte-stable
// (numbers with 6 decimals, depth with up to 6 significant digits, empty for "none").
std::vector<std::string> result_cells(const ResultRow& row);

std::string format_depth(const std::optional<double>& depth);

}  // namespace fot
