#include "harness/results/summary_rows.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <tuple>

#include "common/nonfinite_json.h"

namespace fot {

std::vector<ComputedSummary> summary_rows(const std::vector<SummaryRow>& declared, const std::vector<ResultRow>& rows) {
  std::vector<ComputedSummary> out;
  for (const SummaryRow& row : declared) {
    bool seen = false;
    for (const auto& done : out) seen = seen || done.row.key == row.key;
    if (!seen) out.push_back({row, {}});
  }
  using Group = std::tuple<std::string, std::string, std::string>;
  for (ComputedSummary& summary : out) {
    std::vector<Group> order;
    std::map<Group, std::map<std::pair<std::string, std::string>, std::pair<double, int64_t>>> found;
    for (const auto& row : rows) {
      if (row.context_tokens || row.depth || row.draw) continue;  // pooled rows only
      const Group group{row.model, row.memory_config, row.variant};
      if (!found.count(group)) order.push_back(group);
      found[group][{row.task, row.metric}] = {row.value, row.n};
    }
    for (const auto& group : order) {
      const auto& values = found[group];
      double sum = 0.0;
      int64_t min_n = 0;
      bool complete = !summary.row.rows.empty();
      for (size_t i = 0; i < summary.row.rows.size() && complete; ++i) {
        auto it = values.find(summary.row.rows[i]);
        if (it == values.end()) {
          complete = false;
          break;
        }
        sum += it->second.first;
        min_n = i == 0 ? it->second.second : std::min(min_n, it->second.second);
      }
      if (!complete) continue;
      summary.values.push_back({std::get<0>(group), std::get<1>(group), std::get<2>(group),
                                sum / static_cast<double>(summary.row.rows.size()), min_n});
    }
  }
  return out;
}

void add_summary_json(const std::vector<ComputedSummary>& summaries, nlohmann::json& results) {
  for (const auto& summary : summaries) {
    if (summary.values.empty()) continue;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : summary.values)
      out.push_back({{"model", v.model},
                     {"memory_config", v.memory_config},
                     {"variant", v.variant},
                     {"rows", summary.row.rows.size()},
                     {"value", number_json(v.value)},  // NaN when a row is (as lm-eval's mean is)
                     {"min_n", v.min_n}});
    results[summary.row.key] = out;
  }
}

std::string summary_markdown(const std::vector<ComputedSummary>& summaries) {
  std::string out;
  for (const auto& summary : summaries) {
    if (summary.values.empty()) continue;
    out += fmt::format("\n## {}\n\n{}\n\n| model | memory_config | variant | rows | {} | min n |\n|---|---|---|---:|---:|---:|\n",
                       summary.row.title, summary.row.description, summary.row.label);
    for (const auto& v : summary.values)
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", v.model, v.memory_config, v.variant,
                         summary.row.rows.size(),
                         std::isfinite(v.value) ? fmt::format("{:.4f}", v.value) : nonfinite_name(v.value), v.min_n);
  }
  return out;
}

}  // namespace fot
