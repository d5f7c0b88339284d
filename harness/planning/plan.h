// The expanded run: models x tasks x sweep points x trials, each sample with a stable key.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/config/run_config.h"
#include "harness/storage/run_manifest.h"
#include "tasks/task.h"

namespace fot {

struct PlannedSample {
  // "<model>|<task>|<sweep point>;trial=<t>|<identity>": the identity is a hash of what determines
  // the sample (the model's content identity, the task's sample settings, the point, the trial and
  // its seed), never of paths or of other entries of the config, so --resume reuses every sample
  // that is still valid. Unique in a run.
  std::string key;
  WorkItem item;
};

// One model under one task entry: the unit a result row's config_hash names.
struct PlannedGroup {
  const ModelEntry* model = nullptr;
  const TaskEntry* task = nullptr;
  int64_t task_index = 0;  // position of the task entry in the config
  std::string model_hash;   // sha256 of the model's identity (content, memory, options; no paths)
  std::string task_hash;    // sha256 of the task entry's canonical JSON
  std::string config_hash;  // sha256 of both: what a result row was computed under
  std::vector<PlannedSample> samples;
};

// limit > 0 caps trials per sweep point (it does not change hashes: a later run without the limit
// reuses those samples on --resume). Reads the checkpoints' fingerprints (a few MiB each).
std::vector<PlannedGroup> make_plan(const RunConfig& config, int64_t limit);

// What a model's samples depend on: its canonical config without paths, plus the content
// fingerprint of its checkpoint and tokenizer.
nlohmann::json model_identity(const ModelEntry& model);

// sha256 of the canonical JSON of everything that produced a run's rows (all groups).
std::string run_hash(const std::vector<PlannedGroup>& plan);

// What run.json keeps of a group: names, hashes, declared axes and metrics, planned keys.
GroupManifest group_manifest(const PlannedGroup& group);

}  // namespace fot
