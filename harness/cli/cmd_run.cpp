#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/runner/runner.h"

namespace fot::cli {

int run_run(const std::vector<std::string>& args) {
  po::options_description flags("run options");
  po::positional_options_description positional;
  ConfigFlag config;
  RunFlags run;
  add_flags(flags, config, positional);
  add_flags(flags, run);
  po::variables_map values;
  if (!parse_flags(args, flags, "run CONFIG [options]", values, &positional)) return kExitOk;

  RunOptions options = to_run_options(run, config, values);
  options.command_line = args;
  run_evaluation(options);
  return kExitOk;
}

}  // namespace fot::cli
