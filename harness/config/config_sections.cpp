#include "harness/config/config_sections.h"

#include <algorithm>

#include "tasks/registry.h"

namespace fot {

const ConfigSection& top_level_section() {
  static const ConfigSection section{
      "top level",
      "A run: every model of `models` under every entry of `tasks`.",
      {
          {"models", "list of model entries", "required", "the models to evaluate (see `models[]`)"},
          {"tasks", "list of task entries", "required", "the tasks and their sweeps (see `tasks[]`)"},
          {"seed", "integer >= 0", "0", "run seed: each sample's randomness is a hash of it, the task's settings, "
                                        "the sweep point and the trial (`--seed` overrides)"},
          {"output", "path", "none", "output directory (`--output` overrides; one of the two is needed)"},
          {"description", "string", "none", "free text, kept in results.json"},
          {"workers", "integer >= 1", "1", "samples computed at once; results do not depend on it (`--workers` "
                                           "overrides)"},
      }};
  return section;
}

const ConfigSection& model_section() {
  static const ConfigSection section{
      "models[]",
      "One model. A sample's identity depends on the checkpoint's and tokenizer's content and on these "
      "settings, not on the path or the name.",
      {
          {"name", "string (letters of any script, digits, `-_.+`)", "required", "the label in results"},
          {"backend", "`mock` \\| `llama` \\| `longllama`", "implied by the checkpoint",
           "`longllama` when config.json has `mem_layers`, else `llama`"},
          {"checkpoint", "path", "required (not for `mock`)",
           "HF directory (config.json with safetensors or pytorch_model.bin, sharded or not) or a llama2.c .bin"},
          {"tokenizer", "path", "`<checkpoint dir>/tokenizer.model`", "sentencepiece model"},
          {"overflow", "`error` \\| `keep_last`", "`error`",
           "input longer than a plain model's window: an error, or keep the last tokens"},
          {"weights_dtype", "`float32` \\| `bfloat16`", "as stored", "convert the weights at load"},
          {"compute_dtype", "`float32` \\| `bfloat16`", "`float32`",
           "`bfloat16`: prefill products on AVX512_BF16 with bf16-rounded activations (half-precision weights; "
           "inexact, see docs/performance-whole-model.md)"},
          {"memory", "map", "the checkpoint's", "FoT memory configuration (see `models[].memory`); longllama only"},
          {"mock", "map", "see `models[].mock`", "settings of the mock backend"},
      }};
  return section;
}

const ConfigSection& memory_section() {
  static const ConfigSection section{
      "models[].memory",
      "FoT memory of a `longllama` model; unset fields take the checkpoint's config.json values.",
      {
          {"layers", "list of layer indices \\| `checkpoint` \\| `none`", "`checkpoint`", "the memory layers"},
          {"window", "integer", "max_position_embeddings", "L: tokens per window and local cache limit"},
          {"last_context_length", "integer <= window", "config.json's", "tokens of the input kept in the local cache"},
          {"dtype", "`bfloat16` \\| `float16` \\| `float32`", "config.json's `mem_dtype`", "memory store dtype"},
          {"lookup", "`dense` \\| `topk`", "`dense` (`topk` when `topk` is set)", "memory attention over all keys "
                                                                               "or the exact top k per query"},
          {"topk", "integer >= 1", "none", "k of the top-k lookup"},
          {"cap", "integer >= 0", "0 (no cap)", "most memory tokens kept, oldest evicted first"},
      }};
  return section;
}

const ConfigSection& mock_section() {
  static const ConfigSection section{
      "models[].mock",
      "The deterministic stand-in backend for tests (no weights).",
      {
          {"window", "integer >= 0", "1024", "the mock reads only the last `window` prompt tokens (0 = all)"},
          {"delay_ms", "integer >= 0", "0", "sleep per model call (for kill-and-resume tests)"},
          {"context_limit", "integer >= 0", "0 (unbounded)", "the context limit the mock reports"},
      }};
  return section;
}

std::vector<const ConfigSection*> all_config_sections() {
  std::vector<const ConfigSection*> out = {&top_level_section(), &model_section(), &memory_section(), &mock_section()};
  for (const auto& kind : task_registry())
    for (const ConfigSection* section : kind.sections)  // several tasks may share one table (zero-shot)
      if (std::find(out.begin(), out.end(), section) == out.end()) out.push_back(section);
  return out;
}

}  // namespace fot
