#include "harness/runner/aggregate.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "harness/stats/summary.h"

namespace fot {
namespace {

using nlohmann::json;

void add_rows(const PlannedGroup& group, const std::vector<const json*>& records, std::optional<double> depth,
              const std::string& commit, std::vector<ResultRow>& rows) {
  if (records.empty()) return;
  std::set<std::string> metrics;
  double context_sum = 0.0;
  for (const json* r : records) {
    for (const auto& [name, _] : (*r)["metrics"].items()) metrics.insert(name);
    context_sum += (*r)["context_tokens"].get<double>();
  }
  for (const auto& metric : metrics) {
    std::vector<double> values;
    for (const json* r : records)
      if ((*r)["metrics"].contains(metric)) values.push_back((*r)["metrics"][metric].get<double>());
    const Summary s = summarize(values);
    ResultRow row;
    row.model = group.model->spec.name;
    row.memory_config = (*records.front())["memory_config"].get<std::string>();
    row.task = group.task->task->name();
    row.variant = group.task->task->variant();
    row.context_tokens = std::llround(context_sum / static_cast<double>(records.size()));
    row.depth = depth;
    row.n = s.n;
    row.metric = metric;
    row.value = s.mean;
    row.std_error = s.std_error;
    row.ci_low = s.ci.low;
    row.ci_high = s.ci.high;
    row.commit = commit;
    row.config_hash = group.config_hash;
    rows.push_back(std::move(row));
  }
}

}  // namespace

std::vector<ResultRow> aggregate(const std::vector<PlannedGroup>& plan, const std::map<std::string, json>& records,
                                 const std::string& commit) {
  std::vector<ResultRow> rows;
  for (const auto& group : plan) {
    // Contexts and their depths in plan order.
    std::vector<int64_t> contexts;
    std::map<int64_t, std::vector<std::optional<double>>> depths;
    std::map<std::pair<int64_t, std::optional<double>>, std::vector<const json*>> cells;
    for (const auto& sample : group.samples) {
      const WorkItem& item = sample.item;
      if (!depths.count(item.context)) contexts.push_back(item.context);
      auto& list = depths[item.context];
      if (std::find(list.begin(), list.end(), item.depth) == list.end()) list.push_back(item.depth);
      auto it = records.find(sample.key);
      if (it != records.end()) cells[{item.context, item.depth}].push_back(&it->second);
    }
    for (int64_t context : contexts) {
      const auto& list = depths[context];
      const bool swept = list.size() > 1 || list.front().has_value();
      if (swept) {
        std::vector<const json*> pooled;
        for (const auto& depth : list) {
          const auto& cell = cells[{context, depth}];
          pooled.insert(pooled.end(), cell.begin(), cell.end());
        }
        add_rows(group, pooled, std::nullopt, commit, rows);
      }
      for (const auto& depth : list) add_rows(group, cells[{context, depth}], depth, commit, rows);
    }
  }
  return rows;
}

}  // namespace fot
