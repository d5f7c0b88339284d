// Sample records -> result rows. Per model x task entry, in plan order: for each context size one
// row pooled over depths (depth empty) followed by one row per depth, for each metric.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/runner/plan.h"
#include "reports/result_row.h"

namespace fot {

// records: samples.jsonl lines by key, each with "metrics", "context_tokens", "memory_config".
// Planned samples without a record are left out (n counts what was measured).
std::vector<ResultRow> aggregate(const std::vector<PlannedGroup>& plan,
                                 const std::map<std::string, nlohmann::json>& records, const std::string& commit);

}  // namespace fot
