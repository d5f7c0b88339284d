// Run directories read for a report: each run's result rows rebuilt from run.json and
// samples.jsonl (as `report` does, without writing into the run).
#pragma once

#include <string>
#include <vector>

#include "harness/storage/run_manifest.h"
#include "harness/results/result_row.h"

namespace fot {

struct ReportRun {
  std::string dir;
  std::string label;  // the directory's name
  std::vector<ResultRow> rows;
  std::vector<std::string> models;  // in config order
};

// fot::InputError for a directory that is not a run, or whose samples come from a code version its
// run.json does not list, unless across_commits (harness/storage/code_version.h).
ReportRun load_report_run(const std::string& dir, bool across_commits = false);

// Rows of every run for one set of plots: where a (model, memory configuration, task, variant)
// occurs in more than one run, its model is shown as "<run label>/<model>".
std::vector<ResultRow> merged_rows(const std::vector<ReportRun>& runs);

}  // namespace fot
