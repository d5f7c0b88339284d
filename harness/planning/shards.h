// --shard K/N: a deterministic part of a run's plan. Samples that share work (one batch_key in one
// group: a few-shot draw's encoded demonstrations) form one unit and stay in one shard; units go,
// largest estimated cost first, to the shard with the least cost so far (ties: plan order, lower
// shard), so shards are balanced by tokens through the model, not by sample counts. Every process
// computes the same assignment from the same plan, whatever the shard it runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/planning/plan.h"
#include "harness/planning/preflight.h"
#include "harness/planning/shard_spec.h"

namespace fot {

struct ShardAssignment {
  std::vector<std::set<std::string>> keys;  // per shard: its sample keys
  std::vector<double> costs;                // per shard: estimated cost
  double largest_over_mean() const;
  std::string describe() const;  // "estimated cost per shard: ... (largest 1.02x the mean)"
};

ShardAssignment assign_shards(const std::vector<PlannedGroup>& plan, const std::map<std::string, ModelCheck>& checks,
                              int64_t count);

// The samples this process computes: the whole plan, or with --shard K/N the samples of part K.
class PlanPart {
 public:
  PlanPart(const std::vector<PlannedGroup>& plan, const std::map<std::string, ModelCheck>& checks,
           const std::optional<ShardSpec>& shard);
  bool contains(const PlannedSample& sample) const;
  bool sharded() const { return shards_.has_value(); }
  const std::optional<ShardSpec>& spec() const { return spec_; }
  const ShardAssignment& shards() const { return *shards_; }  // only when sharded()

 private:
  std::optional<ShardSpec> spec_;
  std::optional<ShardAssignment> shards_;
};

}  // namespace fot
