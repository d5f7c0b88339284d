#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/results/merge.h"

namespace fot::cli {

int run_merge(const std::vector<std::string>& args) {
  po::options_description flags("merge options");
  po::positional_options_description positional;
  MergeOptions options;
  flags.add_options()
      ("shard-dirs", po::value(&options.shard_dirs)->multitoken()->required(), "the shard directories (arguments)")
      ("output,o", po::value(&options.output)->required(), "the merged run directory")
      ("overwrite", po::bool_switch(&options.overwrite), "replace an earlier run's files in OUTPUT")
      ("across-commits", po::bool_switch(&options.across_commits),
       "merge shards computed by different code versions (run.json and the rows then name them all)");
  positional.add("shard-dirs", -1);
  po::variables_map values;
  if (!parse_flags(args, flags, "merge SHARD_DIR... --output DIR", values, &positional)) return kExitOk;
  const FinishedRun finished = merge_shards(options);
  for (const auto& warning : finished.warnings) std::cerr << "warning: " << warning << "\n";
  std::cout << finished_summary(options.output, finished) << "\n";
  return kExitOk;
}

}  // namespace fot::cli
