// What `validate` and the start of `run` know about a model without reading its weights: the
// hyper-parameters (config.json or the llama2.c header), the resolved memory configuration, what
// ModelInfo the backend will report, and the bytes of its weights on disk. No LibTorch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/language_model.h"
#include "models/memory_config.h"
#include "models/model_config.h"
#include "models/model_factory.h"

namespace fot {

struct ModelDescription {
  ModelInfo info;                     // as the backend will report it (mock: as the mock does)
  std::optional<ModelConfig> config;  // none for the mock
  std::optional<MemoryConfig> memory;  // resolved, for longllama
  int64_t weights_bytes = 0;          // the checkpoint's weights files on disk
};

// Throws fot::InputError naming the model and the field for what the backend would reject at
// load (resolve_spec's checks, models/model_factory.h): a memory layer index out of range, a
// last_context_length above the window, longllama on a checkpoint without memory layers, a
// missing config.
ModelDescription describe_model(const ModelSpec& spec);

// Peak resident memory a sample of `tokens` prompt tokens is expected to need on this model,
// in bytes: the weights (held in fp32 when the matmuls need it), the activations of one window,
// the KV cache, the FoT memory store, and the prompt itself (ids and text).
int64_t estimated_peak_bytes(const ModelDescription& model, const ModelSpec& spec, int64_t tokens);

}  // namespace fot
