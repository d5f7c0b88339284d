// results.csv, results.json and results.md from the one result schema.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/results/result_row.h"

namespace fot {

// Header line of result_columns(), then one line per row; no timestamps, so byte-stable.
std::string results_csv(const std::vector<ResultRow>& rows);

// {"columns": [...], "rows": [{column: value}...], "metadata": metadata}; missing values are null.
nlohmann::json results_json(const std::vector<ResultRow>& rows, const nlohmann::json& metadata);

// Speed of one (model, memory configuration, task, length) cell, from timings.jsonl.
struct SpeedRow {
  std::string model, memory_config, task, variant;
  std::optional<int64_t> context_tokens;
  int64_t samples = 0;
  int64_t tokens = 0;    // through the model
  double seconds = 0.0;  // wall time of the samples (each on its worker)
};

// A readable summary: run metadata, one table row per result row, the speed table (when there are
// timings), links to the plots (paths relative to the results directory).
std::string results_markdown(const std::vector<ResultRow>& rows, const nlohmann::json& metadata,
                             const std::vector<std::string>& plot_images, const std::vector<SpeedRow>& speed = {});

}  // namespace fot
