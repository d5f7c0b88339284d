// A loaded checkpoint: config plus named tensors in HF LLaMA naming. Tensors may be zero-copy
// views into memory-mapped files (each keeps its mapping alive). Internal to models/: uses LibTorch.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/model_config.h"

namespace fot {

using TensorMap = std::map<std::string, at::Tensor>;

struct Checkpoint {
  std::string source;  // path given by the user
  // "safetensors", "safetensors-sharded", "pytorch-bin", "pytorch-bin-sharded", "llama2c"
  std::string format;
  std::string config_path;   // the config.json read, or the llama2.c file for its header
  std::string weights_path;  // the weights file (or shard index) read
  ModelConfig config;
  // e.g. "model.layers.0.self_attn.q_proj.weight". Stored dtype (float32, float16 or bfloat16),
  // as stored; views into a mapping: clone or convert before writing in place.
  TensorMap tensors;
};

// `path`: an HF directory (config.json + model.safetensors | sharded safetensors + index |
// pytorch_model.bin | sharded pytorch_model-*.bin + index), a single .safetensors or
// pytorch_model.bin file with config.json beside it, or a llama2.c .bin file (legacy v0 export,
// mapped to HF names, q/k rows permuted to the rotate-half layout). Errors (InputError) name the
// file and field/tensor. Loading never runs code from the checkpoint.
Checkpoint load_checkpoint(const std::string& path);

// Checks every tensor the LLaMA forward needs is present with the shape the config implies and
// nothing unexpected is there (rotary inv_freq buffers are tolerated and dropped). Afterwards,
// with tie_word_embeddings, "lm_head.weight" is the same tensor as "model.embed_tokens.weight"
// (a stored lm_head is shape-checked, then replaced, as HF ties it on load).
void validate_llama_tensors(Checkpoint& checkpoint);

// Number of parameters: elements of all tensors, a tied lm_head counted once (with the embedding).
int64_t parameter_count(const Checkpoint& checkpoint);

// Names of the tensors a LLaMA with this config has (lm_head.weight only when untied), in a
// stable order: embedding, layers in order, final norm, head.
std::vector<std::pair<std::string, std::vector<int64_t>>> expected_llama_tensors(const ModelConfig& config);

}  // namespace fot
