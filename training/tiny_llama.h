// The trainable LLaMA (LibTorch autograd): RMSNorm, rotate-half RoPE at window positions, SwiGLU,
// untied head, and FoT memory layers that attend under one softmax to their own window (causal)
// plus extra contexts whose keys are the raw k_proj outputs (RoPE position 0), as in
// LongLLaMA's crossbatch training. Parameters carry their HF names.
#pragma once

#include <torch/torch.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/checkpoint/checkpoint.h"
#include "models/model_config.h"

namespace fot::train {

// One step's rows as tensors (see crossbatch.h for the meaning).
struct BatchTensors {
  torch::Tensor tokens;       // [R, T] int64, right-padded with 0
  torch::Tensor lengths;      // [R] int64
  torch::Tensor extra_index;  // [R, E] int64 row indices (0 where invalid)
  torch::Tensor extra_valid;  // [R, E] bool
  int64_t query_rows = 0;     // rows 0..query_rows-1 produce logits
};

class TinyLlama : public torch::nn::Module {
 public:
  // config.mem_layers (if any) are the layers that read extra contexts.
  explicit TinyLlama(const ModelConfig& config);

  // Random init from the global torch generator (seed it first).
  void initialise();
  // Copies every HF-named tensor of a checkpoint in (shapes must match).
  void load(const Checkpoint& checkpoint);
  // HF name -> fp32 contiguous copy, in expected_llama_tensors order.
  std::vector<std::pair<std::string, torch::Tensor>> export_tensors() const;

  // Logits [query_rows, T, V].
  torch::Tensor forward(const BatchTensors& batch);

  const ModelConfig& config() const { return config_; }
  std::vector<torch::Tensor> hf_parameters() const;

 private:
  torch::Tensor& param(const std::string& hf_name);
  torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& weight) const;
  torch::Tensor rope(const torch::Tensor& x) const;  // x [R, H, T, D], positions 0..T-1
  torch::Tensor attention(int64_t layer, const torch::Tensor& h, const BatchTensors& batch, bool memory) const;

  ModelConfig config_;
  std::set<int64_t> memory_layers_;
  std::vector<std::pair<std::string, torch::Tensor>> params_;  // HF name -> registered parameter
  torch::Tensor inv_freq_;                                     // [D/2] double
};

}  // namespace fot::train
