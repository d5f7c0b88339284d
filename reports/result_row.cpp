#include "reports/result_row.h"

#include <fmt/format.h>

namespace fot {

const std::vector<std::string>& result_columns() {
  static const std::vector<std::string> columns = {"model",  "memory_config", "task",   "variant", "context_tokens",
                                                   "depth",  "n",             "metric", "value",   "stderr",
                                                   "ci_low", "ci_high",       "commit", "config_hash"};
  return columns;
}

std::string format_depth(const std::optional<double>& depth) {
  return depth ? fmt::format("{:.6g}", *depth) : std::string();
}

std::vector<std::string> result_cells(const ResultRow& row) {
  auto number = [](double v) { return fmt::format("{:.6f}", v); };
  return {row.model,
          row.memory_config,
          row.task,
          row.variant,
          std::to_string(row.context_tokens),
          format_depth(row.depth),
          std::to_string(row.n),
          row.metric,
          number(row.value),
          row.std_error ? number(*row.std_error) : std::string(),
          number(row.ci_low),
          number(row.ci_high),
          row.commit,
          row.config_hash};
}

}  // namespace fot
