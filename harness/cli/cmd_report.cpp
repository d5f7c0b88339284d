#include <fmt/format.h>

#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/results/paper/paper_report.h"
#include "harness/results/finish.h"

namespace fot::cli {

int run_report(const std::vector<std::string>& args) {
  po::options_description flags("report options");
  po::positional_options_description positional;
  std::vector<std::string> run_dirs;
  PaperReportOptions report;
  bool paper = false;
  flags.add_options()("run-dir", po::value(&run_dirs)->required()->composing(),
                      "run directories (the arguments); without --output each one's results are rebuilt in place")(
      "output,o", po::value(&report.output),
      "write report.md and report.html (plots inlined as SVG) of all the runs together into this directory")(
      "paper", po::bool_switch(&paper), "with --output: put the paper's published tables beside the measured values")(
      "paper-data", po::value(&report.paper_dir), "directory of the published tables (default: reports/paper)")(
      "across-commits", po::bool_switch(&report.across_commits),
      "use samples computed by code versions a run's run.json does not list (rows then name them all)");
  positional.add("run-dir", -1);
  po::variables_map values;
  if (!parse_flags(args, flags, "report RUN_DIR... [--paper] [--output DIR]", values, &positional)) return kExitOk;
  if (report.output.empty()) {
    if (paper) throw BadInput("report --paper needs --output DIR (where report.md and report.html go)");
    for (const auto& run_dir : run_dirs) {
      const FinishedRun finished = write_results(run_dir, report.across_commits);
      for (const auto& warning : finished.warnings) std::cerr << "warning: " << warning << "\n";
      std::cout << finished_summary(run_dir, finished) << "\n";
    }
    return kExitOk;
  }
  report.paper = paper;
  const PaperReportOutput out = write_paper_report(run_dirs, report);
  for (const auto& warning : out.warnings) std::cerr << "warning: " << warning << "\n";
  std::cout << fmt::format("wrote {}: report.md, report.html ({} run{}, {} plot{}", report.output, out.runs,
                           out.runs == 1 ? "" : "s", out.plots, out.plots == 1 ? "" : "s");
  if (paper) std::cout << fmt::format(", {} published rows measured, {} missing", out.matched, out.missing);
  std::cout << ")\n";
  return kExitOk;
}

}  // namespace fot::cli
