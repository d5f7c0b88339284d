// fot-eval inspect --model PATH: format, config, backend and memory configuration, every stored
// tensor (name, shape, dtype) and the parameter count of a checkpoint, after the same validation
// a backend does.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "models/checkpoint/checkpoint.h"
#include "models/model_factory.h"

namespace fot::cli {
namespace {

std::string dtype_name(at::ScalarType dtype) {
  switch (dtype) {
    case at::kFloat: return "float32";
    case at::kHalf: return "float16";
    case at::kBFloat16: return "bfloat16";
    default: return c10::toString(dtype);
  }
}

std::string shape_of(const at::Tensor& tensor) { return fmt::format("[{}]", fmt::join(tensor.sizes(), ", ")); }

void print_config(std::ostream& out, const ModelConfig& c) {
  auto line = [&](const char* name, const std::string& value) { out << fmt::format("  {:<26}{}\n", name, value); };
  line("vocab_size", std::to_string(c.vocab_size));
  line("hidden_size", std::to_string(c.hidden_size));
  line("intermediate_size", std::to_string(c.intermediate_size));
  line("num_hidden_layers", std::to_string(c.num_hidden_layers));
  line("num_attention_heads", std::to_string(c.num_attention_heads));
  line("num_key_value_heads", std::to_string(c.num_key_value_heads));
  line("head_dim", std::to_string(c.head_dim()));
  line("max_position_embeddings", std::to_string(c.max_position_embeddings));
  line("rms_norm_eps", fmt::format("{:g}", c.rms_norm_eps));
  line("rope_theta", fmt::format("{:g}", c.rope_theta));
  line("tie_word_embeddings", c.tie_word_embeddings ? "true" : "false");
  line("bos_token_id", std::to_string(c.bos_token_id));
  line("eos_token_id", std::to_string(c.eos_token_id));
  line("torch_dtype", c.torch_dtype.empty() ? "(not given)" : c.torch_dtype);
  if (c.mem_layers) {
    line("mem_layers", fmt::format("[{}]", fmt::join(*c.mem_layers, ", ")));
    line("last_context_length", std::to_string(c.last_context_length));
    line("mem_dtype", c.mem_dtype);
    line("mem_positionals", c.mem_positionals ? "true" : "false");
    line("mem_attention_grouping", c.mem_attention_grouping ? fmt::format("[{}, {}]", c.mem_attention_grouping->first,
                                                                          c.mem_attention_grouping->second)
                                                            : "none");
  }
}

}  // namespace

int run_inspect(const std::vector<std::string>& args) {
  po::options_description flags("inspect options");
  ModelFlags model;
  add_flags(flags, model, /*inference=*/false);
  po::variables_map values;
  if (!parse_flags(args, flags, "inspect --model PATH [--backend NAME] [memory options]", values)) return kExitOk;

  // The same resolution as generate, score and run: a config.json path stands for its directory,
  // and memory flags are checked against the checkpoint (then shown resolved below).
  const ModelSpec spec = to_model_spec(model, "");
  Checkpoint checkpoint = load_checkpoint(spec.checkpoint);
  const TensorMap stored = checkpoint.tensors;
  validate_llama_tensors(checkpoint);

  // Stored tensors in model order (embedding, layers in order, norm, head), then anything else
  // the validation tolerated (rotary buffers) in name order.
  std::vector<std::string> order;
  for (const auto& [name, shape] : expected_llama_tensors(checkpoint.config)) {
    if (stored.count(name)) order.push_back(name);
  }
  if (checkpoint.config.tie_word_embeddings && stored.count("lm_head.weight")) order.push_back("lm_head.weight");
  for (const auto& [name, tensor] : stored) {
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  }
  size_t width = 0, shape_width = 0;
  for (const auto& name : order) {
    width = std::max(width, name.size());
    shape_width = std::max(shape_width, shape_of(stored.at(name)).size());
  }

  std::ostream& out = std::cout;
  out << "checkpoint: " << checkpoint.source << "\n";
  out << "format: " << checkpoint.format << "\n";
  out << "config file: " << checkpoint.config_path << "\n";
  out << "weights file: " << checkpoint.weights_path << "\n";
  out << "model: " << (checkpoint.config.is_longllama() ? "LongLLaMA (FoT memory layers)" : "LLaMA") << "\n";
  out << "backend: " << spec.backend << "\n";
  if (spec.backend == "longllama")
    out << "memory: " << spec.memory.resolved(checkpoint.config, checkpoint.source).canonical() << "\n";
  out << "config:\n";
  print_config(out, checkpoint.config);
  out << fmt::format("tensors: {} stored\n", stored.size());
  for (const auto& name : order) {
    const at::Tensor& tensor = stored.at(name);
    std::string note;
    if (!checkpoint.tensors.count(name)) note = "  (ignored: not a parameter)";
    else if (name == "lm_head.weight" && checkpoint.config.tie_word_embeddings)
      note = "  (ignored: tied to model.embed_tokens.weight)";
    out << fmt::format("  {:<{}}  {:<{}}  {}{}\n", name, width, shape_of(tensor), shape_width,
                       dtype_name(tensor.scalar_type()), note);
  }
  if (checkpoint.config.tie_word_embeddings && !stored.count("lm_head.weight"))
    out << "  lm_head.weight: tied to model.embed_tokens.weight (not stored)\n";
  out << "parameters: " << parameter_count(checkpoint) << "\n";
  return kExitOk;
}

}  // namespace fot::cli
