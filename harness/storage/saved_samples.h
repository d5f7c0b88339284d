// The samples of this run's part of the plan that an earlier run already saved in samples.jsonl
// (--resume), and the code versions the run's samples will then come from. Without --resume the
// sample logs start empty.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/planning/plan.h"
#include "harness/planning/shards.h"
#include "harness/storage/code_version.h"
#include "harness/storage/sample_log.h"

namespace fot {

struct SavedSamples {
  std::map<std::string, nlohmann::json> records;  // by key: the part's samples already computed
  int64_t planned = 0;                            // samples in the part
  int64_t resumed = 0;                            // of them already computed
  int64_t torn_lines = 0;                         // an incomplete last line, dropped
  int64_t unused_lines = 0;                       // lines of samples outside the part, kept in the file
  std::vector<std::string> versions;              // the run's code versions (run.json's "commits")
};

// Loads (resume) or empties both logs. Resuming samples of another code version is fot::InputError
// unless across_commits.
SavedSamples load_saved_samples(const std::string& run_dir, SampleLog& samples, SampleLog& timings,
                                const std::vector<PlannedGroup>& plan, const PlanPart& part, const CodeVersion& current,
                                bool resume, bool across_commits);

}  // namespace fot
