// results.csv, results.json and results.md from the one result schema.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/result_row.h"

namespace fot {

// Header line of result_columns(), then one line per row; no timestamps, so byte-stable.
std::string results_csv(const std::vector<ResultRow>& rows);

// {"columns": [...], "rows": [{column: value}...], "metadata": metadata}; missing values are null.
nlohmann::json results_json(const std::vector<ResultRow>& rows, const nlohmann::json& metadata);

// A readable summary: run metadata, one table row per result row, links to the plots
// (paths relative to the results directory).
std::string results_markdown(const std::vector<ResultRow>& rows, const nlohmann::json& metadata,
                             const std::vector<std::string>& plot_images);

}  // namespace fot
