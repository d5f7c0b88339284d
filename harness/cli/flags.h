// Flags shared by several subcommands, each declared once here; plus one parse helper so every
// subcommand handles --help and bad flags the same way.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "harness/runner/runner.h"
#include "models/model_factory.h"

namespace fot::cli {

namespace po = boost::program_options;

// Parses args (args[0] is the subcommand name). Returns false after printing help for --help;
// throws BadInput naming the flag for unknown flags, missing values or bad types.
bool parse_flags(const std::vector<std::string>& args, const po::options_description& flags, const std::string& usage,
                 po::variables_map& values, const po::positional_options_description* positional = nullptr);

struct TokenizerFlag {
  std::string path;  // "" = tokenizer.model in the checkpoint's directory (when not required)
};
// required: tokenize, which has no checkpoint to find one beside.
void add_flags(po::options_description& flags, TokenizerFlag& target, bool required = true);

// --model, --backend, --overflow, --weights-dtype and the memory overrides (FoT).
struct ModelFlags {
  std::string model;
  std::string backend;   // "" = implied by the checkpoint's config.json
  std::string overflow;  // "" = backend default
  std::string weights_dtype;  // "" = as stored
  std::string compute_dtype;  // "" = float32
  std::string last_context_length, mem_layers, mem_dtype, mem_topk, mem_cap;  // "" = from config
};
// inference: also --overflow and --weights-dtype (generate, score; inspect reads weights as stored).
void add_flags(po::options_description& flags, ModelFlags& target, bool inference = true);

// The model these flags name, resolved and checked against its config.json as `run` does
// (resolve_spec in models/model_factory.h) before any weights are read. Bad values, and memory
// flags the resolved backend does not use, throw BadInput naming the flag.
ModelSpec to_model_spec(const ModelFlags& flags, const std::string& tokenizer);

// The run config given as the first positional argument (run, validate).
struct ConfigFlag {
  std::string path;
};
void add_flags(po::options_description& flags, ConfigFlag& target, po::positional_options_description& positional);

// `fot-eval run` selection and output flags.
struct RunFlags {
  std::string models, tasks, output;
  int64_t limit = 0;
  std::string seed;  // "" = the config's seed
  int64_t workers = 0;  // 0 = the config's 'workers'
  bool resume = false;
  bool resume_across_commits = false;
  bool overwrite = false;
  bool log_prompts = false;
  std::string shard;  // "" = the whole plan
};
void add_flags(po::options_description& flags, RunFlags& target);
// The run these flags ask for; throws BadInput naming a bad --limit, --workers, --seed or --shard.
RunOptions to_run_options(const RunFlags& run, const ConfigFlag& config, const po::variables_map& values);

}  // namespace fot::cli
