// The expanded run: models x tasks x sweep points x trials, each sample with a stable key.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/config/run_config.h"
#include "tasks/task.h"

namespace fot {

struct PlannedSample {
  std::string key;  // "<model>|<config hash prefix>|<sweep point>;trial=<t>", unique in a run
  WorkItem item;
};

// One model under one task entry: the unit a result row's config_hash names.
struct PlannedGroup {
  const ModelEntry* model = nullptr;
  const TaskEntry* task = nullptr;
  std::string model_hash, task_hash, config_hash;  // sha256 of canonical JSON
  std::vector<PlannedSample> samples;
};

// limit > 0 caps trials per sweep point (it does not change hashes: a later run without the limit
// reuses those samples on --resume).
std::vector<PlannedGroup> make_plan(const RunConfig& config, int64_t limit);

// sha256 of the canonical JSON of everything that produced a run's rows (all groups).
std::string run_config_hash(const std::vector<PlannedGroup>& plan);

}  // namespace fot
