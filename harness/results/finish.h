// The last step of a run, and all of `fot-eval report`: results.csv, results.json, results.md and
// the plots, rebuilt from the run directory's run.json and samples.jsonl alone (no models, data
// sets or YAML needed), so a finished run and a later report write the same bytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fot {

struct FinishedRun {
  size_t rows = 0;
  size_t samples = 0;  // planned samples with a record
  size_t plots = 0;    // images written
  std::vector<std::string> warnings;
};

// Throws fot::InputError for a directory that is not a run, a torn or foreign samples.jsonl, or a
// missing run.json; also for samples from a code version run.json does not list, unless
// across_commits (harness/storage/code_version.h).
FinishedRun write_results(const std::string& run_dir, bool across_commits = false);

// "wrote DIR: results.csv (N rows), ..." as `run` and `report` print it.
std::string finished_summary(const std::string& run_dir, const FinishedRun& finished);

}  // namespace fot
