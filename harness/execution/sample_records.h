// What a computed sample leaves behind: its record (a line of samples.jsonl: identity, axes,
// metrics, task fields, hashes, code version) and its timing (a line of timings.jsonl).
#pragma once

#include <nlohmann/json.hpp>

#include "harness/planning/plan.h"
#include "harness/storage/code_version.h"
#include "models/model_info.h"
#include "tasks/task.h"

namespace fot {

// Moves outcome.details into the record.
nlohmann::json sample_record(const PlannedGroup& group, const PlannedSample& sample, const ModelInfo& info,
                             SampleOutcome& outcome, const CodeVersion& version);

// seconds: the sample's share of its batch's wall time.
nlohmann::json timing_record(const PlannedGroup& group, const PlannedSample& sample, const nlohmann::json& record,
                             const SampleOutcome& outcome, double seconds);

}  // namespace fot
