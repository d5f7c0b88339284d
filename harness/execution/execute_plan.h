// The execution step of a run: model by model, the plan part's samples not yet saved are cut into
// batches, run by one Executor per model on `workers` threads, and their records appended in plan
// order to samples.jsonl and timings.jsonl as they finish (with progress, an ETA and the interrupt
// notice on stderr). Models with nothing to compute are not loaded.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/config/run_config.h"
#include "harness/planning/plan.h"
#include "harness/planning/preflight.h"
#include "harness/planning/shards.h"
#include "harness/storage/code_version.h"
#include "harness/storage/sample_log.h"
#include "tasks/task.h"

namespace fot {

struct ExecutionSettings {
  int workers = 1;
  SampleOptions sample_options;
  CodeVersion version;         // recorded in every sample
  std::string resume_command;  // what the interrupt notice tells the user to run
};

struct ExecutedRun {
  nlohmann::json models = nlohmann::json::array();  // run.json's "models": each model, described if loaded
  nlohmann::json cost;                              // run.json's "cost" of the samples computed now
};

// records: the saved samples by key; each computed sample's record is added.
ExecutedRun execute_plan(const RunConfig& config, const std::vector<PlannedGroup>& plan,
                         const std::map<std::string, ModelCheck>& checks, const PlanPart& part,
                         const ExecutionSettings& settings, SampleLog& samples, SampleLog& timings,
                         std::map<std::string, nlohmann::json>& records);

}  // namespace fot
