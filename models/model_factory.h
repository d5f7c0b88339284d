// Creating models by name, free of LibTorch. The harness describes a model with a ModelSpec (from
// the YAML config) and asks load_text_model() for it.
//
// "mock" is built in (models/mock/). The LibTorch backends ("llama", "longllama") live in
// fot_models; fot-eval's main() hands them over once with register_torch_backends(maker), so this
// file (in fot_core) never links LibTorch. Asking for a torch backend before registration is a
// run failure (std::runtime_error), not bad input.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/language_model.h"
#include "models/memory_config.h"
#include "models/text_codec.h"

namespace fot {

// Knobs of the mock backend (YAML: model entry key `mock:`).
struct MockSettings {
  int64_t window = 1024;      // the mock reads only the last `window` prompt tokens; 0 = all of them
  int64_t delay_ms = 0;       // sleep per generate/loglikelihood call (for kill-and-resume tests)
  int64_t context_limit = 0;  // reported ModelInfo::context_limit; 0 = unbounded
};

struct ModelSpec {
  std::string name;           // label in results
  std::string backend;        // "mock" | "llama" | "longllama" | "" = implied by the checkpoint
  std::string checkpoint;     // resolved path: HF directory (config.json + safetensors) or llama2.c .bin
  std::string tokenizer;      // resolved path of a sentencepiece .model; "" = <checkpoint dir>/tokenizer.model
                              // (mock: "" = the mock's own word-level tokenizer)
  std::string overflow;       // "error" | "keep_last" | "" = backend default
  std::string weights_dtype;  // "float32" | "bfloat16" | "" = as stored
  std::string compute_dtype;  // "float32" | "bfloat16" (opt-in, half-precision weights) | "" = float32
  MemoryConfig memory;        // longllama (the mock only records it)
  MockSettings mock;
};

struct BackendInfo {
  std::string name;
  std::string description;
  bool available = false;  // linked into this binary
};

// mock, llama, longllama; availability reflects register_torch_backends().
std::vector<BackendInfo> known_backends();

using TorchModelMaker = std::unique_ptr<LanguageModel> (*)(const ModelSpec& spec);
// Called once from fot-eval's main (and from tests that link fot_models) with the lead's maker.
void register_torch_backends(TorchModelMaker maker);

// What a checkpoint path names, found without reading weights, by the rules load_checkpoint
// (models/checkpoint/checkpoint.h) reads it with: a directory is an HF checkpoint; a JSON file in
// one (its config.json, a shard index) stands for that directory; a .safetensors or PyTorch zip
// file is read with the config.json beside it; any other file is a llama2.c export.
struct CheckpointLocation {
  std::string path;         // what to load: the directory for a JSON file in it, else the path as given
  std::string config_json;  // the config.json describing it; "" for a llama2.c file (config in its header)
  std::string directory;    // where its default tokenizer.model lies; "" for a llama2.c file
};
// Throws fot::InputError naming the model for a missing checkpoint or a stray JSON file.
CheckpointLocation locate_checkpoint(const ModelSpec& spec);

// "llama"/"longllama" for an empty spec.backend: longllama when the checkpoint's config.json has
// mem_layers, llama otherwise (and for llama2.c .bin files). Throws fot::InputError for a
// missing checkpoint.
std::string resolve_backend(const ModelSpec& spec);

// The spec as make_model() loads it, checked against the checkpoint's config.json without reading
// weights (run, validate and the single-model commands share it): checkpoint located, backend
// resolved, and the memory configuration checked. A memory configuration needs backend
// longllama; longllama on a checkpoint without memory layers needs the layers and
// last_context_length named (nothing in the checkpoint says what they are); layer indices and
// last_context_length are checked against config.json (MemoryConfig::resolved). Throws
// fot::InputError naming the model, the checkpoint and the field.
ModelSpec resolve_spec(const ModelSpec& spec);

// The codec a spec implies: spec.tokenizer, else tokenizer.model in the checkpoint's directory
// (locate_checkpoint), else (mock) the mock tokenizer. Throws fot::InputError naming a missing file.
std::shared_ptr<const TextCodec> make_codec(const ModelSpec& spec);

// The model alone (token level). The mock builds its own codec from the spec.
std::unique_ptr<LanguageModel> make_model(const ModelSpec& spec);

// Model and codec together, as tasks use them.
TextModel load_text_model(const ModelSpec& spec);

}  // namespace fot
