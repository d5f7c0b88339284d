// LLaMA weights picked out of a Checkpoint by HF name, kept in their stored dtype (zero-copy) or
// converted once at load. Matmuls always run with fp32 activations and accumulation (bf16 matmul is
// ~25x slower here).
#pragma once

#include <ATen/ATen.h>

#include <string>
#include <vector>

#include "models/checkpoint/checkpoint.h"

namespace fot {

struct LayerWeights {
  at::Tensor attn_norm, wq, wk, wv, wo;
  at::Tensor mlp_norm, w_gate, w_up, w_down;
};

struct LlamaWeights {
  at::Tensor embed;       // [V, D]
  at::Tensor final_norm;  // [D], fp32
  at::Tensor lm_head;     // [V, D] (the embedding when tied)
  std::vector<LayerWeights> layers;
};

// `dtype`: "" keeps each tensor as stored; "float32" / "bfloat16" / "float16" converts at load
// (half precision into fp32 at memory speed, releasing the mapped source pages as it goes).
// Norm weights are always made fp32 (they are tiny and used every step).
LlamaWeights extract_llama_weights(const Checkpoint& checkpoint, const std::string& dtype);

// x [T, in] fp32 times w^T where w is [out, in] in any float dtype; fp32 result [T, out]. bf16 and
// fp16 weights go through half_linear (no fp32 copy of the matrix per call).
at::Tensor linear_fp32(const at::Tensor& x, const at::Tensor& w);

// RMSNorm in fp32: x * rsqrt(mean(x^2) + eps) * weight.
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps);

}  // namespace fot
