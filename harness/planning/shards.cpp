#include "harness/planning/shards.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "common/input_error.h"

namespace fot {

ShardSpec parse_shard(const std::string& text, const std::string& flag) {
  const auto bad = [&] {
    return InputError(fmt::format("{} must be K/N with 0 <= K < N (K counts from 0, as Slurm's array task ids), got '{}'",
                                  flag, text));
  };
  const size_t slash = text.find('/');
  if (slash == std::string::npos) throw bad();
  const auto number = [&](const std::string& part) {
    if (part.empty() || part.size() > 9 || !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
      throw bad();
    return std::stoll(part);
  };
  ShardSpec spec{number(text.substr(0, slash)), number(text.substr(slash + 1))};
  if (spec.count < 1 || spec.index >= spec.count) throw bad();
  return spec;
}

double ShardAssignment::largest_over_mean() const {
  const double total = std::accumulate(costs.begin(), costs.end(), 0.0);
  if (costs.empty() || total <= 0) return 1.0;
  return *std::max_element(costs.begin(), costs.end()) / (total / static_cast<double>(costs.size()));
}

std::string ShardAssignment::describe() const {
  std::string list;
  for (size_t i = 0; i < costs.size(); ++i) list += fmt::format("{}{:.4g}", i ? ", " : "", costs[i]);
  return fmt::format("estimated cost per shard: {} (largest {:.3f}x the mean)", list, largest_over_mean());
}

ShardAssignment assign_shards(const std::vector<PlannedGroup>& plan, const std::map<std::string, ModelCheck>& checks,
                              int64_t count) {
  struct Unit {
    std::vector<std::string> keys;
    double cost = 0.0;
    int64_t first = 0;  // plan position of its first sample
  };
  std::vector<Unit> units;
  std::map<std::pair<const PlannedGroup*, std::string>, size_t> shared;
  int64_t position = 0;
  for (const auto& group : plan) {
    const Task& task = *group.task->task;
    const ModelDescription& model = checks.at(group.model->spec.name).description;
    for (const auto& sample : group.samples) {
      const std::string batch = task.batch_key(sample.item);
      size_t slot = units.size();
      if (!batch.empty()) {
        auto [it, added] = shared.emplace(std::make_pair(&group, batch), units.size());
        slot = it->second;
        if (added) units.push_back(Unit{{}, 0.0, position});
      } else {
        units.push_back(Unit{{}, 0.0, position});
      }
      units[slot].keys.push_back(sample.key);
      units[slot].cost += sample_cost(model, task.tokens(sample.item));
      ++position;
    }
  }
  std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
    return a.cost != b.cost ? a.cost > b.cost : a.first < b.first;
  });
  ShardAssignment out;
  out.keys.resize(static_cast<size_t>(count));
  out.costs.assign(static_cast<size_t>(count), 0.0);
  for (const auto& unit : units) {
    const size_t shard = static_cast<size_t>(std::min_element(out.costs.begin(), out.costs.end()) - out.costs.begin());
    out.costs[shard] += unit.cost;
    out.keys[shard].insert(unit.keys.begin(), unit.keys.end());
  }
  return out;
}

PlanPart::PlanPart(const std::vector<PlannedGroup>& plan, const std::map<std::string, ModelCheck>& checks,
                   const std::optional<ShardSpec>& shard)
    : spec_(shard) {
  if (shard) shards_ = assign_shards(plan, checks, shard->count);
}

bool PlanPart::contains(const PlannedSample& sample) const {
  return !shards_ || shards_->keys[static_cast<size_t>(spec_->index)].count(sample.key) > 0;
}

}  // namespace fot
