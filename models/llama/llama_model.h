// The LLaMA transformer in LibTorch, fp32 compute. Exposes its building blocks so the FoT
// backend can run the same layers with memory; forward() is the plain causal path with a cache.
#pragma once

#include <ATen/ATen.h>

#include <functional>
#include <vector>

#include "models/checkpoint/checkpoint.h"
#include "models/llama/attention_part.h"
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

// How the new tokens of forward_after() sit after the cached keys, which every new token sees whole.
// Causal run: consecutive tokens at first_position, first_position + 1, ...; the writer (optional)
// receives every layer's keys and values. Tree-shaped batch (positions defined): token t sits at
// positions[t] and sees the tree tokens visible[t] marks; `tree` holds the keys of earlier tree
// tokens and receives this pass's (so decoding steps can add to one tree).
struct NewTokens {
  int64_t first_position = 0;
  KVChain::Writer* writer = nullptr;
  at::Tensor positions;      // [T] int64
  KVCache* tree = nullptr;   // required with positions
  at::Tensor visible;        // [T, tree->length() + T] bool
};

// How the linear layers multiply. kFloat32: fp32 activations and accumulation, exact up to
// summation order. kBFloat16 (opt-in, half-precision weights, AVX512_BF16 CPUs): activations
// rounded to bf16 for the products of prefill-sized inputs; decoding steps (a few rows, bound by
// reading the weights) stay exact.
enum class ComputeDtype { kFloat32, kBFloat16 };

// "" or "float32" -> kFloat32, "bfloat16" -> kBFloat16; InputError naming the value otherwise.
ComputeDtype parse_compute_dtype(const std::string& name);

// Per layer: adds attention parts (FoT memory) and sees the projections (raw keys).
using LayerHook = std::function<void(int64_t layer, const Projections& p, std::vector<AttentionPart>& parts)>;

class LlamaModel {
 public:
  // Throws InputError for kBFloat16 on a CPU without AVX512_BF16 or with fp32 weights.
  LlamaModel(const Checkpoint& checkpoint, const std::string& weights_dtype,
             ComputeDtype compute = ComputeDtype::kFloat32);

  const ModelConfig& config() const { return config_; }
  ComputeDtype compute_dtype() const { return compute_; }
  KVCache make_cache() const;

  // Tokens appended after the cache's contents; returns logits [rows, V] (rows per `which`).
  at::Tensor forward(const std::vector<int32_t>& tokens, KVCache& cache, LogitsFor which);

  // Final hidden states [T, hidden] of `tokens` read after `cached` (see NewTokens). Const and
  // free of shared writes except through the writer/tree the caller owns: safe from several threads.
  at::Tensor forward_after(const std::vector<int32_t>& tokens, const KVChain& cached, const NewTokens& how,
                           const LayerHook& hook = {}) const;

  // Building blocks (x is the residual stream [T, hidden], fp32).
  at::Tensor embed(const std::vector<int32_t>& tokens) const;
  Projections project(int64_t layer, const at::Tensor& x, int64_t first_position) const;
  Projections project(int64_t layer, const at::Tensor& x, const at::Tensor& positions) const;  // [T] int64
  at::Tensor attention_output(int64_t layer, const at::Tensor& attention) const;  // [H,T,D] -> [T, hidden]
  at::Tensor mlp_block(int64_t layer, const at::Tensor& x) const;                 // x + MLP(norm(x))
  at::Tensor logits(const at::Tensor& hidden_rows) const;                         // final norm + head

 private:
  template <typename Rotate>
  Projections project_with(int64_t layer, const at::Tensor& x, const Rotate& rotate) const;
  at::Tensor linear(const at::Tensor& x, const at::Tensor& w) const;  // per compute_
  ModelConfig config_;
  LlamaWeights weights_;
  Rope rope_;
  ComputeDtype compute_;
};

// A backend's description of its checkpoint: the source, plus " (compute_dtype bfloat16)" when
// the model multiplies in bf16, so every result row says which arithmetic produced it.
std::string described_with_compute_dtype(const std::string& source, const LlamaModel& model);

}  // namespace fot
