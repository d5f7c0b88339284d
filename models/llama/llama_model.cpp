#include "models/llama/llama_model.h"

#include <fmt/format.h>

#include "common/input_error.h"
#include "models/llama/attention_part.h"
#include "models/llama/bf16_gemm.h"
#include "models/llama/half_linear.h"
#include "models/llama/reused_memory.h"

namespace fot {

ComputeDtype parse_compute_dtype(const std::string& name) {
  if (name.empty() || name == "float32") return ComputeDtype::kFloat32;
  if (name == "bfloat16") return ComputeDtype::kBFloat16;
  throw InputError(fmt::format("compute dtype must be float32 or bfloat16, got '{}'", name));
}

LlamaModel::LlamaModel(const Checkpoint& checkpoint, const std::string& weights_dtype, ComputeDtype compute)
    : config_(checkpoint.config),
      weights_(extract_llama_weights(checkpoint, weights_dtype)),
      rope_(checkpoint.config.head_dim(), checkpoint.config.rope_theta),
      compute_(compute) {
  reuse_tensor_memory();
  if (compute_ != ComputeDtype::kBFloat16) return;
  if (!bf16_gemm_supported())
    throw InputError(fmt::format("{}: compute_dtype bfloat16 needs a CPU with AVX512_BF16, which this one lacks "
                                 "(use the default float32)", checkpoint.source));
  if (!is_half_weight(weights_.layers.empty() ? weights_.lm_head : weights_.layers[0].wq))
    throw InputError(fmt::format("{}: compute_dtype bfloat16 needs bf16 or fp16 weights (as stored, or "
                                 "weights_dtype bfloat16); these are fp32", checkpoint.source));
}

std::string described_with_compute_dtype(const std::string& source, const LlamaModel& model) {
  return model.compute_dtype() == ComputeDtype::kBFloat16 ? source + " (compute_dtype bfloat16)" : source;
}

at::Tensor LlamaModel::linear(const at::Tensor& x, const at::Tensor& w) const {
  if (compute_ == ComputeDtype::kBFloat16 && x.size(0) > kMaxHalfGemvRows) return bf16_linear(x, w);
  return linear_fp32(x, w);
}

KVCache LlamaModel::make_cache() const {
  return KVCache(config_.num_hidden_layers, config_.num_key_value_heads, config_.head_dim());
}

at::Tensor LlamaModel::embed(const std::vector<int32_t>& tokens) const {
  for (int32_t id : tokens) {
    if (id < 0 || id >= config_.vocab_size)
      throw InputError(fmt::format("token id {} is outside the vocabulary (0..{})", id, config_.vocab_size - 1));
  }
  auto ids = at::from_blob(const_cast<int32_t*>(tokens.data()), {static_cast<int64_t>(tokens.size())}, at::kInt)
                 .to(at::kLong);
  return weights_.embed.index_select(0, ids).to(at::kFloat);
}

template <typename Rotate>
Projections LlamaModel::project_with(int64_t layer, const at::Tensor& x, const Rotate& rotate) const {
  const auto& w = weights_.layers[layer];
  const int64_t tokens = x.size(0), dim = config_.head_dim();
  auto h = rms_norm(x, w.attn_norm, config_.rms_norm_eps);
  auto heads = [&](const at::Tensor& weight, int64_t count) {
    return linear(h, weight).view({tokens, count, dim}).transpose(0, 1).contiguous();
  };
  Projections p;
  auto q_raw = heads(w.wq, config_.num_attention_heads);
  p.k_raw = heads(w.wk, config_.num_key_value_heads);
  p.v = heads(w.wv, config_.num_key_value_heads);
  p.q = rotate(q_raw);
  p.k = rotate(p.k_raw);
  return p;
}

Projections LlamaModel::project(int64_t layer, const at::Tensor& x, int64_t first_position) const {
  return project_with(layer, x, [&](const at::Tensor& t) { return rope_.rotate(t, first_position); });
}

Projections LlamaModel::project(int64_t layer, const at::Tensor& x, const at::Tensor& positions) const {
  return project_with(layer, x, [&](const at::Tensor& t) { return rope_.rotate(t, positions); });
}

at::Tensor LlamaModel::attention_output(int64_t layer, const at::Tensor& attention) const {
  const int64_t tokens = attention.size(1);
  auto merged = attention.transpose(0, 1).reshape({tokens, config_.hidden_size});
  return linear(merged, weights_.layers[layer].wo);
}

at::Tensor LlamaModel::mlp_block(int64_t layer, const at::Tensor& x) const {
  const auto& w = weights_.layers[layer];
  auto h = rms_norm(x, w.mlp_norm, config_.rms_norm_eps);
  auto gate = linear(h, w.w_gate);
  auto hidden = at::silu_(gate).mul_(linear(h, w.w_up));
  return x + linear(hidden, w.w_down);
}

at::Tensor LlamaModel::logits(const at::Tensor& hidden_rows) const {
  return linear(rms_norm(hidden_rows, weights_.final_norm, config_.rms_norm_eps), weights_.lm_head);
}

at::Tensor LlamaModel::forward(const std::vector<int32_t>& tokens, KVCache& cache, LogitsFor which) {
  if (tokens.empty()) throw std::invalid_argument("LlamaModel::forward: no tokens");
  const int64_t count = static_cast<int64_t>(tokens.size());
  const int64_t first = cache.length();
  auto x = embed(tokens);
  for (int64_t layer = 0; layer < config_.num_hidden_layers; ++layer) {
    auto p = project(layer, x, first);
    cache.write(layer, p.k, p.v);
    auto part = causal_attention(p.q, cache.keys(layer, count), cache.values(layer, count), first, false);
    x = x + attention_output(layer, part.out);
    x = mlp_block(layer, x);
  }
  cache.commit(count);
  switch (which) {
    case LogitsFor::kNone: return at::Tensor();
    case LogitsFor::kLast: return logits(x.narrow(0, count - 1, 1));
    case LogitsFor::kAll: return logits(x);
  }
  return at::Tensor();
}

at::Tensor LlamaModel::forward_after(const std::vector<int32_t>& tokens, const KVChain& cached, const NewTokens& how,
                                     const LayerHook& hook) const {
  if (tokens.empty()) throw std::invalid_argument("LlamaModel::forward_after: no tokens");
  const bool tree = how.positions.defined();
  if (tree && !how.tree) throw std::invalid_argument("LlamaModel::forward_after: a tree batch needs its cache");
  const int64_t count = static_cast<int64_t>(tokens.size());
  auto x = embed(tokens);
  for (int64_t layer = 0; layer < config_.num_hidden_layers; ++layer) {
    auto p = tree ? project(layer, x, how.positions) : project(layer, x, how.first_position);
    if (how.writer) how.writer->write(layer, p.k, p.v);
    std::vector<AttentionPart> parts;
    const auto keys = cached.keys(layer), values = cached.values(layer);
    for (size_t i = 0; i < keys.size(); ++i) parts.push_back(dense_attention(p.q, keys[i], values[i]));
    if (hook) hook(layer, p, parts);
    if (tree) {
      how.tree->write(layer, p.k, p.v);
      parts.push_back(dense_attention(p.q, how.tree->keys(layer, count), how.tree->values(layer, count), how.visible));
    } else {
      parts.push_back(causal_attention(p.q, p.k, p.v, 0, parts.size() > 0));
    }
    x = x + attention_output(layer, merge_attention_parts(parts));
    x = mlp_block(layer, x);
  }
  if (tree) how.tree->commit(count);
  return x;
}

}  // namespace fot
