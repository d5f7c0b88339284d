// Sample records -> result rows, from the records and the run's groups alone (no live plan, no
// models). Per group in manifest order, sweep points in plan order; for a task with a depth or
// draw axis, each point's pooled row comes first, then one row per depth or draw; each row set
// has one row per metric in declared order.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/storage/run_manifest.h"
#include "harness/results/result_row.h"

namespace fot {

// records: samples.jsonl lines by key. Planned samples without a record are left out (n counts
// what was measured). A key holds the sample's identity, so a record under a planned key is that
// sample, whichever run wrote it; one that lacks a field the rows need is fot::InputError naming it.
// A row's commit names the code versions of its samples (harness/storage/code_version.h), ordered as
// `versions` (the run's listed versions) orders them.
std::vector<ResultRow> aggregate(const std::vector<GroupManifest>& groups,
                                 const std::map<std::string, nlohmann::json>& records,
                                 const std::vector<std::string>& versions);

}  // namespace fot
