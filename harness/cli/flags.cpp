#include "harness/cli/flags.h"

#include <iostream>

#include <fmt/format.h>

#include "harness/cli/command.h"

namespace fot::cli {

bool parse_flags(const std::vector<std::string>& args, const po::options_description& flags, const std::string& usage,
                 po::variables_map& values, const po::positional_options_description* positional) {
  po::options_description all;
  all.add(flags);
  all.add_options()("help,h", "show this help");
  try {
    std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
    po::command_line_parser parser(rest);
    parser.options(all);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), values);
    if (values.count("help")) {
      std::cout << "usage: fot-eval " << usage << "\n\n" << all << "\n";
      return false;
    }
    po::notify(values);
  } catch (const po::error& error) {
    throw BadInput(std::string(error.what()) + " (see fot-eval " + (args.empty() ? "" : args[0]) + " --help)");
  }
  return true;
}

void add_flags(po::options_description& flags, TokenizerFlag& target, bool required) {
  if (required) {
    flags.add_options()("tokenizer", po::value(&target.path)->required(), "sentencepiece tokenizer.model");
  } else {
    flags.add_options()("tokenizer", po::value(&target.path),
                        "sentencepiece tokenizer.model (default: tokenizer.model in the checkpoint's directory)");
  }
}

void add_flags(po::options_description& flags, ModelFlags& target, bool inference) {
  flags.add_options()
      ("model", po::value(&target.model)->required(),
       "HF checkpoint directory (or its config.json), a .safetensors file beside its config.json, or a llama2.c .bin")
      ("backend", po::value(&target.backend), "llama | longllama (default: implied by config.json)");
  if (inference) {
    flags.add_options()
        ("overflow", po::value(&target.overflow), "input longer than the context limit: error | keep_last")
        ("weights-dtype", po::value(&target.weights_dtype), "keep weights as float32 | bfloat16 (default: as stored)")
        ("compute-dtype", po::value(&target.compute_dtype),
         "float32 (default, exact) | bfloat16 (prefill products on AVX512_BF16, half-precision weights)");
  }
  flags.add_options()
      ("last-context-length", po::value(&target.last_context_length), "FoT: tokens kept in the local cache")
      ("mem-layers", po::value(&target.mem_layers), "FoT: memory layers, e.g. 6,12,18 | checkpoint | none")
      ("mem-dtype", po::value(&target.mem_dtype), "FoT: memory dtype bfloat16 | float16 | float32")
      ("mem-topk", po::value(&target.mem_topk), "FoT: exact top-k memory lookup per query and head (0 = dense)")
      ("mem-cap", po::value(&target.mem_cap), "FoT: most memory tokens kept, oldest evicted first (0 = no cap)");
}

void add_flags(po::options_description& flags, ConfigFlag& target, po::positional_options_description& positional) {
  flags.add_options()("config", po::value(&target.path)->required(), "run config (YAML); also the first argument");
  positional.add("config", 1);
}

void add_flags(po::options_description& flags, RunFlags& target) {
  flags.add_options()
      ("models", po::value(&target.models), "comma-separated model names from the config (default: all)")
      ("tasks", po::value(&target.tasks), "comma-separated task names from the config (default: all)")
      ("limit", po::value(&target.limit), "at most N trials per sweep point (for quick checks)")
      ("seed", po::value(&target.seed), "base seed, overriding the config's 'seed'")
      ("workers", po::value(&target.workers), "samples computed at once, overriding the config's 'workers'")
      ("output,o", po::value(&target.output), "results directory (default: the config's 'output')")
      ("resume", po::bool_switch(&target.resume), "keep the samples already in OUTPUT/samples.jsonl, run the rest")
      ("resume-across-commits", po::bool_switch(&target.resume_across_commits),
       "with --resume: continue even where OUTPUT's samples came from another code version (run.json and the "
       "rows then name every version)")
      ("overwrite", po::bool_switch(&target.overwrite), "delete an earlier run's files in OUTPUT first")
      ("log-prompts", po::bool_switch(&target.log_prompts), "write each full prompt text into samples.jsonl")
      ("shard", po::value(&target.shard), "K/N: run only part K (0..N-1) of the plan, balanced by estimated cost; "
                                           "`fot-eval merge` joins the parts");
}

namespace {

int64_t parse_count(const std::string& text, const char* flag, int64_t minimum) {
  size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < minimum)
    throw BadInput(fmt::format("--{} must be an integer >= {}, got '{}'", flag, minimum, text));
  return value;
}

// The memory flags given, by name, in the order --help lists them.
std::vector<std::string> memory_flags_given(const ModelFlags& flags) {
  const std::vector<std::pair<const char*, const std::string*>> all = {
      {"last-context-length", &flags.last_context_length}, {"mem-layers", &flags.mem_layers},
      {"mem-dtype", &flags.mem_dtype}, {"mem-topk", &flags.mem_topk}, {"mem-cap", &flags.mem_cap}};
  std::vector<std::string> given;
  for (const auto& [name, value] : all)
    if (!value->empty()) given.push_back(std::string("--") + name);
  return given;
}

// As a run config rejects `memory:` on a llama model: the memory flags only configure backend
// longllama, so a plain checkpoint (or --backend llama) with one of them is an error, not a no-op.
void reject_unused_memory_flags(const ModelFlags& flags, const ModelSpec& spec) {
  const auto given = memory_flags_given(flags);
  if (given.empty() || resolve_backend(spec) != "llama") return;
  const std::string& flag = given.front();
  if (!flags.backend.empty())
    throw BadInput(fmt::format("{} configures FoT memory layers, which backend 'llama' does not have; drop {}, or "
                               "use --backend longllama",
                               flag, flag));
  const CheckpointLocation location = locate_checkpoint(spec);
  throw BadInput(fmt::format(
      "{} configures FoT memory layers, and checkpoint '{}' has none ({}), so it runs on backend 'llama', which "
      "ignores memory settings; drop {}, or pass --backend longllama --mem-layers LIST --last-context-length N to "
      "add memory layers to it",
      flag, flags.model,
      location.config_json.empty() ? "a llama2.c file" : "its " + location.config_json + " has no 'mem_layers'",
      flag));
}

}  // namespace

ModelSpec to_model_spec(const ModelFlags& flags, const std::string& tokenizer) {
  ModelSpec spec;
  spec.name = flags.model;
  spec.backend = flags.backend;
  spec.checkpoint = flags.model;
  spec.tokenizer = tokenizer;
  spec.overflow = flags.overflow;
  spec.weights_dtype = flags.weights_dtype;
  spec.compute_dtype = flags.compute_dtype;
  if (!flags.backend.empty() && flags.backend != "llama" && flags.backend != "longllama")
    throw BadInput(fmt::format("--backend must be llama or longllama, got '{}'", flags.backend));
  if (!flags.overflow.empty()) parse_overflow_policy(flags.overflow);
  if (!flags.weights_dtype.empty() && flags.weights_dtype != "float32" && flags.weights_dtype != "bfloat16")
    throw BadInput(fmt::format("--weights-dtype must be float32 or bfloat16, got '{}'", flags.weights_dtype));
  if (!flags.compute_dtype.empty() && flags.compute_dtype != "float32" && flags.compute_dtype != "bfloat16")
    throw BadInput(fmt::format("--compute-dtype must be float32 or bfloat16, got '{}'", flags.compute_dtype));
  auto& memory = spec.memory;
  if (!flags.last_context_length.empty())
    memory.last_context_length = parse_count(flags.last_context_length, "last-context-length", 1);
  if (!flags.mem_layers.empty())
    memory.layers = MemoryConfig::parse_layers(flags.mem_layers, memory.layer_list, "--mem-layers");
  if (!flags.mem_dtype.empty()) memory.dtype = MemoryConfig::parse_dtype(flags.mem_dtype, "--mem-dtype");
  if (!flags.mem_topk.empty()) {
    memory.topk = parse_count(flags.mem_topk, "mem-topk", 0);
    memory.lookup = memory.topk > 0 ? MemoryConfig::Lookup::kTopK : MemoryConfig::Lookup::kDense;
  }
  if (!flags.mem_cap.empty()) memory.cap = parse_count(flags.mem_cap, "mem-cap", 0);
  memory.validate("command line");
  reject_unused_memory_flags(flags, spec);
  return resolve_spec(spec);
}

RunOptions to_run_options(const RunFlags& run, const ConfigFlag& config, const po::variables_map& values) {
  RunOptions options;
  options.config_path = config.path;
  options.models = run.models;
  options.tasks = run.tasks;
  if (values.count("limit") && run.limit < 1) throw BadInput(fmt::format("--limit must be at least 1, got {}", run.limit));
  options.limit = run.limit;
  if (values.count("workers")) {
    if (run.workers < 1 || run.workers > 256)
      throw BadInput(fmt::format("--workers must be between 1 and 256, got {}", run.workers));
    options.workers = static_cast<int>(run.workers);
  }
  if (!run.seed.empty()) {
    size_t used = 0;
    unsigned long long seed = 0;
    try {
      if (run.seed[0] == '-') throw std::invalid_argument("negative");
      seed = std::stoull(run.seed, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != run.seed.size())
      throw BadInput(fmt::format("--seed must be a non-negative integer, got '{}'", run.seed));
    options.seed = seed;
  }
  options.output = run.output;
  options.resume = run.resume || run.resume_across_commits;
  options.resume_across_commits = run.resume_across_commits;
  options.overwrite = run.overwrite;
  options.log_prompts = run.log_prompts;
  if (!run.shard.empty()) options.shard = parse_shard(run.shard);
  return options;
}

}  // namespace fot::cli
