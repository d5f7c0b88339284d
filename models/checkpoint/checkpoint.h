// A loaded checkpoint: config plus named tensors in HF LLaMA naming. Tensors may be zero-copy
// views into memory-mapped files (each keeps its mapping alive). Internal to models/: uses LibTorch.
#pragma once

#include <ATen/ATen.h>

#include <map>
#include <string>

#include "models/model_config.h"

namespace fot {

struct Checkpoint {
  std::string source;  // path given by the user
  std::string format;  // "safetensors", "safetensors-sharded", "pytorch-bin", "llama2c"
  ModelConfig config;
  std::map<std::string, at::Tensor> tensors;  // e.g. "model.layers.0.self_attn.q_proj.weight"
};

// `path`: an HF directory (config.json + model.safetensors | sharded safetensors + index |
// pytorch_model.bin), or a single llama2.c .bin file. Errors name the file and field/tensor.
Checkpoint load_checkpoint(const std::string& path);

// Checks every tensor the LLaMA forward needs is present with the shape the config implies and
// nothing unexpected is there (rotary inv_freq buffers are tolerated and dropped).
void validate_llama_tensors(Checkpoint& checkpoint);

}  // namespace fot
