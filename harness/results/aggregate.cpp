#include "harness/results/aggregate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "common/nonfinite_json.h"
#include "harness/storage/code_version.h"
#include "harness/results/statistics.h"
#include "common/input_error.h"

namespace fot {
namespace {

using nlohmann::json;

const Axis* find_role(const GroupManifest& group, AxisRole role) {
  for (const auto& axis : group.axes)
    if (axis.role == role) return &axis;
  return nullptr;
}

const json& record_field(const json& record, const std::string& name) {
  auto it = record.find(name);
  if (it == record.end())
    throw InputError(fmt::format("sample '{}' has no field '{}'", record.value("key", std::string("?")), name));
  return *it;
}

std::vector<double> metric_values(const std::vector<const json*>& records, const std::string& metric) {
  std::vector<double> values;
  for (const json* r : records) {
    const json& metrics = record_field(*r, "metrics");
    auto it = metrics.find(metric);
    if (it == metrics.end()) continue;
    if (const std::optional<double> value = json_number(*it)) values.push_back(*value);
  }
  return values;
}

// Rows of one set of records that share a sweep point (and, for per-value rows, a depth or draw).
class RowBuilder {
 public:
  RowBuilder(const GroupManifest& group, const std::vector<std::string>& versions, std::vector<ResultRow>& rows)
      : group_(group), versions_(versions), rows_(rows), length_(find_role(group, AxisRole::kLength)) {}

  ResultRow base(const std::vector<const json*>& records, const nlohmann::ordered_json& axes) const {
    ResultRow row;
    row.model = group_.model;
    row.memory_config = record_field(*records.front(), "memory_config").get<std::string>();
    row.task = group_.task;
    row.variant = group_.variant;
    if (length_) {
      double sum = 0.0;
      for (const json* r : records) sum += record_field(*r, "context_tokens").get<double>();
      row.context_tokens = std::llround(sum / static_cast<double>(records.size()));
    }
    row.commit = join_versions(versions_behind(records, versions_));
    row.config_hash = group_.config_hash;
    row.axes = axes;
    row.main_metric = group_.metrics.front().name;
    return row;
  }

  // One row per metric, pooled over samples.
  void over_samples(const std::vector<const json*>& records, const nlohmann::ordered_json& axes,
                    std::optional<double> depth, std::optional<int64_t> draw) {
    if (records.empty()) return;
    for (const auto& metric : group_.metrics) {
      const std::vector<double> values = metric_values(records, metric.name);
      if (values.empty()) continue;
      const bool binary = metric.kind == MetricKind::kBinary;
      const Summary s = summarize(values, binary ? IntervalMethod::kWilson : IntervalMethod::kStudentT);
      ResultRow row = base(records, axes);
      row.depth = depth;
      row.draw = draw;
      fill(row, metric.name, s, binary ? "wilson" : "t");
      rows_.push_back(std::move(row));
    }
  }

  // One row per metric: the mean of the per-draw means, with stderr and t-interval over draws.
  void over_draws(const std::vector<std::vector<const json*>>& draws, const nlohmann::ordered_json& axes) {
    std::vector<const json*> all;
    for (const auto& d : draws) all.insert(all.end(), d.begin(), d.end());
    if (all.empty()) return;
    for (const auto& metric : group_.metrics) {
      std::vector<double> means;
      int64_t n = 0;
      for (const auto& d : draws) {
        const std::vector<double> values = metric_values(d, metric.name);
        if (values.empty()) continue;
        double sum = 0.0;
        for (double v : values) sum += v;
        means.push_back(sum / static_cast<double>(values.size()));
        n += static_cast<int64_t>(values.size());
      }
      if (means.empty()) continue;
      Summary s = summarize(means, IntervalMethod::kStudentT);
      s.n = n;
      ResultRow row = base(all, axes);
      row.n_draws = static_cast<int64_t>(means.size());
      fill(row, metric.name, s, "t_draws");
      rows_.push_back(std::move(row));
    }
  }

 private:
  static void fill(ResultRow& row, const std::string& metric, const Summary& s, const char* method) {
    row.n = s.n;
    row.metric = metric;
    row.value = s.mean;
    row.std_error = s.std_error;
    row.ci_low = s.ci.low;
    row.ci_high = s.ci.high;
    row.ci_method = method;
  }

  const GroupManifest& group_;
  const std::vector<std::string>& versions_;
  std::vector<ResultRow>& rows_;
  const Axis* length_;
};

// Records of one sweep point, split by the values of the pooled (depth or draw) axis.
struct Point {
  nlohmann::ordered_json axes = nlohmann::ordered_json::object();
  std::vector<const json*> records;
  std::vector<std::pair<json, std::vector<const json*>>> by_value;  // first-seen order

  void add(const json* record, const json* pooled_value) {
    records.push_back(record);
    if (!pooled_value) return;
    auto it = std::find_if(by_value.begin(), by_value.end(), [&](const auto& v) { return v.first == *pooled_value; });
    if (it == by_value.end()) by_value.emplace_back(*pooled_value, std::vector<const json*>{record});
    else it->second.push_back(record);
  }
};

void group_rows(const GroupManifest& group, const std::map<std::string, json>& records,
                const std::vector<std::string>& versions, std::vector<ResultRow>& rows) {
  const Axis* pooled = nullptr;
  for (const auto& axis : group.axes) {
    if (axis.role != AxisRole::kDepth && axis.role != AxisRole::kDraw) continue;
    if (pooled) throw std::logic_error("task " + group.task + " declares more than one depth or draw axis");
    pooled = &axis;
  }
  std::vector<Point> points;
  std::map<std::string, size_t> index;
  for (const auto& key : group.keys) {
    auto it = records.find(key);
    if (it == records.end()) continue;
    const json& record = it->second;
    nlohmann::ordered_json axes = nlohmann::ordered_json::object();
    for (const auto& axis : group.axes)
      if (&axis != pooled) axes[axis.name] = record_field(record, axis.name);
    auto [slot, added] = index.emplace(axes.dump(), points.size());
    if (added) points.push_back(Point{axes, {}, {}});
    points[slot->second].add(&record, pooled ? &record_field(record, pooled->name) : nullptr);
  }
  RowBuilder build(group, versions, rows);
  for (const auto& point : points) {
    if (!pooled) {
      build.over_samples(point.records, point.axes, std::nullopt, std::nullopt);
      continue;
    }
    if (pooled->role == AxisRole::kDepth) {
      build.over_samples(point.records, point.axes, std::nullopt, std::nullopt);
    } else {
      std::vector<std::vector<const json*>> draws;
      for (const auto& [_, list] : point.by_value) draws.push_back(list);
      build.over_draws(draws, point.axes);
    }
    for (const auto& [value, list] : point.by_value) {
      nlohmann::ordered_json axes = point.axes;
      axes[pooled->name] = value;
      if (pooled->role == AxisRole::kDepth)
        build.over_samples(list, axes, value.get<double>(), std::nullopt);
      else
        build.over_samples(list, axes, std::nullopt, value.get<int64_t>());
    }
  }
}

}  // namespace

std::vector<ResultRow> aggregate(const std::vector<GroupManifest>& groups, const std::map<std::string, json>& records,
                                 const std::vector<std::string>& versions) {
  std::vector<ResultRow> rows;
  for (const auto& group : groups) group_rows(group, records, versions, rows);
  return rows;
}

}  // namespace fot
