#include <fmt/format.h>

#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/config/run_config.h"
#include "harness/planning/plan.h"
#include "harness/planning/preflight.h"

namespace fot::cli {

int run_validate(const std::vector<std::string>& args) {
  po::options_description flags("validate options");
  po::positional_options_description positional;
  ConfigFlag config;
  add_flags(flags, config, positional);
  po::variables_map values;
  if (!parse_flags(args, flags, "validate CONFIG", values, &positional)) return kExitOk;

  RunConfig run = load_run_config(config.path, std::nullopt);
  const auto plan = make_plan(run, 0);
  const auto checks = preflight(run, plan);
  size_t samples = 0;
  for (const auto& group : plan) samples += group.samples.size();
  std::cout << fmt::format("{}: ok: {} model(s), {} task entr{}, {} samples\n", config.path, run.models.size(),
                           run.tasks.size(), run.tasks.size() == 1 ? "y" : "ies", samples);
  for (const auto& [name, check] : checks)
    std::cout << fmt::format("  {}: largest sample {} tokens, estimated peak memory {:.2f} GiB\n", name,
                             check.max_tokens, static_cast<double>(check.estimated_peak_bytes) / (1 << 30));
  return kExitOk;
}

}  // namespace fot::cli
