// run.json: what a run directory needs to rebuild its results without models, data or the YAML
// file: each (model, task entry) group with its hashes, declared axes and metrics and its planned
// sample keys in plan order, and the run's metadata (commit, config, seed, timings) that
// results.json and results.md show. `run` writes it before computing and again when it finishes;
// `report` reads it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tasks/task.h"

namespace fot {

struct GroupManifest {
  std::string model;
  std::string task;
  std::string variant;
  int64_t task_index = 0;  // position of the task entry in the config
  std::string model_hash, task_hash, config_hash;
  std::vector<Axis> axes;
  std::vector<Metric> metrics;  // the first is the main metric
  std::vector<SummaryRow> summary_rows;    // as the task declares them
  std::vector<LengthTable> length_tables;  // as the task declares them
  std::vector<std::string> keys;  // planned samples, plan order
};

struct RunManifest {
  nlohmann::json metadata = nlohmann::json::object();  // copied into results.json
  std::vector<GroupManifest> groups;
};

constexpr const char* kRunManifestFile = "run.json";

nlohmann::json manifest_json(const RunManifest& manifest);
// Throws fot::InputError naming the file and the field that is missing or wrong.
RunManifest read_run_manifest(const std::string& path);
void write_run_manifest(const std::string& path, const RunManifest& manifest);

}  // namespace fot
