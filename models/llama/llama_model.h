// The LLaMA transformer in LibTorch, fp32 compute. Exposes its building blocks so the FoT
// backend can run the same layers with memory; forward() is the plain causal path with a cache.
#pragma once

#include <ATen/ATen.h>

#include <vector>

#include "models/checkpoint/checkpoint.h"
#include "models/llama/kv_cache.h"
#include "models/llama/llama_weights.h"
#include "models/llama/rope.h"

namespace fot {

// Which positions of a forward call need logits (the LM head is the largest single matmul).
enum class LogitsFor { kNone, kLast, kAll };

struct Projections {
  at::Tensor q;      // [H, T, D], rotated
  at::Tensor k;      // [Hkv, T, D], rotated
  at::Tensor k_raw;  // [Hkv, T, D], before rotation (what FoT memory stores)
  at::Tensor v;      // [Hkv, T, D]
};

class LlamaModel {
 public:
  LlamaModel(const Checkpoint& checkpoint, const std::string& weights_dtype);

  const ModelConfig& config() const { return config_; }
  KVCache make_cache() const;

  // Tokens appended after the cache's contents; returns logits [rows, V] (rows per `which`).
  at::Tensor forward(const std::vector<int32_t>& tokens, KVCache& cache, LogitsFor which);

  // Building blocks (x is the residual stream [T, hidden], fp32).
  at::Tensor embed(const std::vector<int32_t>& tokens) const;
  Projections project(int64_t layer, const at::Tensor& x, int64_t first_position) const;
  at::Tensor attention_output(int64_t layer, const at::Tensor& attention) const;  // [H,T,D] -> [T, hidden]
  at::Tensor mlp_block(int64_t layer, const at::Tensor& x) const;                 // x + MLP(norm(x))
  at::Tensor logits(const at::Tensor& hidden_rows) const;                         // final norm + head

 private:
  ModelConfig config_;
  LlamaWeights weights_;
  Rope rope_;
};

}  // namespace fot
