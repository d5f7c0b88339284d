// `fot-eval report RUN_DIR... --paper --output DIR`: report.md and a self-contained report.html
// (plots inlined as SVG, no scripts, no network): the published tables beside the measured values,
// every plot of the runs (main metric vs context length, one line per model and memory
// configuration, 95% CI bars; passkey depth x length heatmaps), the paired tests of each run's
// models and memory configurations against its first model, and the measured rows.
#pragma once

#include <string>
#include <vector>

#include "harness/results/compare/compare_runs.h"

namespace fot {

struct PaperReportOptions {
  std::string output;
  std::string paper_dir;  // "" = default_paper_dir()
  bool paper = true;      // false: no published tables (plots, paired tests and rows only)
  bool across_commits = false;  // accept samples from code versions a run's run.json does not list
  CompareOptions compare;
};

struct PaperReportOutput {
  size_t runs = 0, matched = 0, missing = 0, plots = 0;
  std::vector<std::string> warnings;
};

PaperReportOutput write_paper_report(const std::vector<std::string>& run_dirs, const PaperReportOptions& options);

}  // namespace fot
