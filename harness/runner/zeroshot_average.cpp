#include "harness/runner/zeroshot_average.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <tuple>

#include "common/nonfinite_json.h"
#include "tasks/zeroshot/aggregation.h"

namespace fot {

std::vector<ZeroShotAverage> zeroshot_averages(const std::vector<ResultRow>& rows) {
  using Group = std::tuple<std::string, std::string, std::string>;
  std::vector<Group> order;
  std::map<Group, std::map<std::pair<std::string, std::string>, double>> values;
  std::map<Group, int64_t> min_n;
  for (const auto& row : rows) {
    // Pooled rows only (a zero-shot task has no axis, so all of its rows are).
    if (row.context_tokens || row.depth || row.draw) continue;
    const Group group{row.model, row.memory_config, row.variant};
    if (!values.count(group)) order.push_back(group);
    values[group][{row.task, row.metric}] = row.value;
    for (const auto& wanted : zeroshot::paper_rows())
      if (wanted.first == row.task && wanted.second == row.metric)
        min_n[group] = min_n.count(group) ? std::min(min_n[group], row.n) : row.n;
  }
  std::vector<ZeroShotAverage> out;
  for (const auto& group : order) {
    const auto& found = values[group];
    bool complete = true;
    for (const auto& wanted : zeroshot::paper_rows()) complete = complete && found.count(wanted);
    if (!complete) continue;
    out.push_back({std::get<0>(group), std::get<1>(group), std::get<2>(group), zeroshot::paper_average(found),
                   min_n[group]});
  }
  return out;
}

nlohmann::json zeroshot_averages_json(const std::vector<ZeroShotAverage>& averages) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : averages)
    out.push_back({{"model", a.model},
                   {"memory_config", a.memory_config},
                   {"variant", a.variant},
                   {"rows", zeroshot::paper_rows().size()},
                   {"value", number_json(a.value)},  // NaN when a row is (as lm-eval's mean is)
                   {"min_n", a.min_n}});
  return out;
}

std::string zeroshot_averages_markdown(const std::vector<ZeroShotAverage>& averages) {
  if (averages.empty()) return "";
  std::string out =
      "\n## Zero-shot average\n\nThe LongLLaMA paper's \"Avg\": the mean of its 21 lm-eval v0.3.0 rows (anli_r1..3 acc, "
      "arc_challenge/arc_easy/hellaswag/openbookqa/piqa acc and acc_norm, boolq acc, record em and f1, rte acc, "
      "truthfulqa_mc mc1 and mc2, wic acc, winogrande acc). min n: the fewest samples behind one row.\n\n"
      "| model | memory_config | variant | rows | Avg | min n |\n|---|---|---|---:|---:|---:|\n";
  for (const auto& a : averages)
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", a.model, a.memory_config, a.variant,
                       zeroshot::paper_rows().size(),
                       std::isfinite(a.value) ? fmt::format("{:.4f}", a.value) : nonfinite_name(a.value), a.min_n);
  return out;
}

}  // namespace fot
