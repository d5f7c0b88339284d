#include <fmt/format.h>

#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/config/run_config.h"
#include "harness/runner/plan.h"

namespace fot::cli {

int run_validate(const std::vector<std::string>& args) {
  po::options_description flags("validate options");
  po::positional_options_description positional;
  ConfigFlag config;
  add_flags(flags, config, positional);
  po::variables_map values;
  if (!parse_flags(args, flags, "validate CONFIG", values, &positional)) return kExitOk;

  RunConfig run = load_run_config(config.path, std::nullopt);
  size_t samples = 0;
  for (const auto& group : make_plan(run, 0)) samples += group.samples.size();
  std::cout << fmt::format("{}: ok: {} model(s), {} task entr{}, {} samples\n", config.path, run.models.size(),
                           run.tasks.size(), run.tasks.size() == 1 ? "y" : "ies", samples);
  return kExitOk;
}

}  // namespace fot::cli
