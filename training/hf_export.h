// Writes a trained model in the HF layout the checkpoint loader reads: config.json (LLaMA fields,
// plus mem_layers / last_context_length / mem_dtype for LongLLaMA) and model.safetensors (F32).
#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "models/model_config.h"

namespace fot::train {

// config.json text for `config`; the FoT fields appear only when config.mem_layers is set.
std::string hf_config_json(const ModelConfig& config);

// Creates `dir` and writes config.json, model.safetensors (F32, models/checkpoint/safetensors_writer)
// and a copy of `tokenizer_model`.
void save_hf_model(const ModelConfig& config, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                   const std::string& tokenizer_model, const std::string& dir);

}  // namespace fot::train
