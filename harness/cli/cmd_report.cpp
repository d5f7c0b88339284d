#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/runner/finish.h"

namespace fot::cli {

int run_report(const std::vector<std::string>& args) {
  po::options_description flags("report options");
  po::positional_options_description positional;
  std::string run_dir;
  flags.add_options()("run-dir", po::value(&run_dir)->required(), "a run directory (also the first argument)");
  positional.add("run-dir", 1);
  po::variables_map values;
  if (!parse_flags(args, flags, "report RUN_DIR", values, &positional)) return kExitOk;
  const FinishedRun finished = write_results(run_dir);
  for (const auto& warning : finished.warnings) std::cerr << "warning: " << warning << "\n";
  std::cout << finished_summary(run_dir, finished) << "\n";
  return kExitOk;
}

}  // namespace fot::cli
