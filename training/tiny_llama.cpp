#include "training/tiny_llama.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "common/input_error.h"

namespace fot::train {

TinyLlama::TinyLlama(const ModelConfig& config) : config_(config) {
  config_.validate("TinyLlama");
  if (config_.mem_layers) memory_layers_.insert(config_.mem_layers->begin(), config_.mem_layers->end());
  for (const auto& [name, shape] : expected_llama_tensors(config_)) {
    std::string registered = name;
    for (char& c : registered)
      if (c == '.') c = '_';
    params_.emplace_back(name, register_parameter(registered, torch::zeros(shape)));
  }
  const int64_t dim = config_.head_dim(), half = dim / 2;
  inv_freq_ = torch::arange(0, half, torch::kDouble).mul_(-2.0 / static_cast<double>(dim)).mul_(std::log(config_.rope_theta)).exp_();
}

torch::Tensor& TinyLlama::param(const std::string& hf_name) {
  for (auto& [name, tensor] : params_)
    if (name == hf_name) return tensor;
  throw std::logic_error("TinyLlama: no parameter " + hf_name);
}

std::vector<torch::Tensor> TinyLlama::hf_parameters() const {
  std::vector<torch::Tensor> out;
  for (const auto& entry : params_) out.push_back(entry.second);
  return out;
}

void TinyLlama::initialise() {
  torch::NoGradGuard no_grad;
  const double std = 0.02, residual_std = 0.02 / std::sqrt(2.0 * config_.num_hidden_layers);
  for (auto& [name, tensor] : params_) {
    if (name.find("norm") != std::string::npos) {
      tensor.fill_(1.0);
    } else if (name.find("o_proj") != std::string::npos || name.find("down_proj") != std::string::npos) {
      tensor.normal_(0.0, residual_std);
    } else {
      tensor.normal_(0.0, std);
    }
  }
}

void TinyLlama::load(const Checkpoint& checkpoint) {
  torch::NoGradGuard no_grad;
  for (auto& [name, tensor] : params_) {
    auto it = checkpoint.tensors.find(name);
    if (it == checkpoint.tensors.end())
      throw InputError(fmt::format("{}: tensor '{}' is missing", checkpoint.source, name));
    if (it->second.sizes() != tensor.sizes())
      throw InputError(fmt::format("{}: tensor '{}' has the wrong shape", checkpoint.source, name));
    tensor.copy_(it->second.to(torch::kFloat));
  }
}

std::vector<std::pair<std::string, torch::Tensor>> TinyLlama::export_tensors() const {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& [name, tensor] : params_) out.emplace_back(name, tensor.detach().to(torch::kFloat).contiguous().clone());
  return out;
}

torch::Tensor TinyLlama::rms_norm(const torch::Tensor& x, const torch::Tensor& weight) const {
  return x * torch::rsqrt(x.pow(2).mean(-1, true) + config_.rms_norm_eps) * weight;
}

torch::Tensor TinyLlama::rope(const torch::Tensor& x) const {
  const int64_t count = x.size(2), half = x.size(3) / 2;
  auto angles = torch::outer(torch::arange(0, count, torch::kDouble), inv_freq_);
  auto full = torch::cat({angles, angles}, 1);
  auto cos = full.cos().to(torch::kFloat), sin = full.sin().to(torch::kFloat);
  auto rotated_half = torch::cat({x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)}, -1);
  return x * cos + rotated_half * sin;
}

torch::Tensor TinyLlama::attention(int64_t layer, const torch::Tensor& h, const BatchTensors& batch,
                                   bool last_memory_layer) const {
  const auto prefix = fmt::format("model.layers.{}.", layer);
  auto weight = [&](const char* name) -> const torch::Tensor& {
    return const_cast<TinyLlama*>(this)->param(prefix + name);
  };
  const int64_t rows = h.size(0), tokens = h.size(1), heads = config_.num_attention_heads,
                dim = config_.head_dim();
  const bool memory = memory_layers_.count(layer) > 0;
  // Rows past query_rows only lend keys and values; the last memory layer stops computing them.
  const int64_t out_rows = last_memory_layer ? batch.query_rows : rows;
  auto split = [&](const torch::Tensor& t, int64_t r) { return t.view({r, tokens, heads, dim}).transpose(1, 2); };
  auto q = rope(split(torch::linear(h.narrow(0, 0, out_rows), weight("self_attn.q_proj.weight")), out_rows));
  auto k_raw = split(torch::linear(h, weight("self_attn.k_proj.weight")), rows);
  auto v = split(torch::linear(h, weight("self_attn.v_proj.weight")), rows);
  auto k = rope(k_raw.narrow(0, 0, out_rows));
  auto v_local = v.narrow(0, 0, out_rows);

  const double scale = 1.0 / std::sqrt(static_cast<double>(dim));
  auto causal = torch::full({tokens, tokens}, -std::numeric_limits<float>::infinity()).triu_(1);
  auto local_scores = torch::matmul(q, k.transpose(-1, -2)).mul(scale) + causal;
  const int64_t extras = batch.extra_index.defined() ? batch.extra_index.size(1) : 0;
  torch::Tensor out;
  if (!memory || extras == 0) {
    out = torch::matmul(torch::softmax(local_scores, -1), v_local);
  } else {
    auto index = batch.extra_index.narrow(0, 0, out_rows).reshape({-1});
    auto gather = [&](const torch::Tensor& t) {
      return t.index_select(0, index).view({out_rows, extras, heads, tokens, dim}).transpose(1, 2).reshape(
          {out_rows, heads, extras * tokens, dim});
    };
    auto k_extra = gather(k_raw), v_extra = gather(v);
    auto lengths = batch.lengths.index_select(0, index).view({out_rows, extras, 1});
    auto visible = torch::arange(tokens, torch::kLong).view({1, 1, tokens}).lt(lengths) &
                   batch.extra_valid.narrow(0, 0, out_rows).unsqueeze(-1);
    auto extra_mask = torch::zeros({out_rows, extras, tokens})
                          .masked_fill_(visible.logical_not(), -std::numeric_limits<float>::infinity())
                          .view({out_rows, 1, 1, extras * tokens});
    auto extra_scores = torch::matmul(q, k_extra.transpose(-1, -2)).mul(scale) + extra_mask;
    auto probs = torch::softmax(torch::cat({local_scores, extra_scores}, -1), -1);
    out = torch::matmul(probs.narrow(-1, 0, tokens), v_local) +
          torch::matmul(probs.narrow(-1, tokens, extras * tokens), v_extra);
  }
  out = out.transpose(1, 2).reshape({out_rows, tokens, heads * dim});
  return torch::linear(out, weight("self_attn.o_proj.weight"));
}

torch::Tensor TinyLlama::forward(const BatchTensors& batch) {
  const int64_t layers = config_.num_hidden_layers;
  const int64_t last_memory = memory_layers_.empty() ? -1 : *memory_layers_.rbegin();
  auto x = torch::embedding(param("model.embed_tokens.weight"), batch.tokens);
  if (last_memory < 0) x = x.narrow(0, 0, batch.query_rows);
  for (int64_t layer = 0; layer < layers; ++layer) {
    const auto prefix = fmt::format("model.layers.{}.", layer);
    auto h = rms_norm(x, param(prefix + "input_layernorm.weight"));
    auto attended = attention(layer, h, batch, layer == last_memory);
    if (layer == last_memory) x = x.narrow(0, 0, batch.query_rows);
    x = x + attended;
    h = rms_norm(x, param(prefix + "post_attention_layernorm.weight"));
    auto gated = torch::silu(torch::linear(h, param(prefix + "mlp.gate_proj.weight"))) *
                 torch::linear(h, param(prefix + "mlp.up_proj.weight"));
    x = x + torch::linear(gated, param(prefix + "mlp.down_proj.weight"));
  }
  return torch::linear(rms_norm(x, param("model.norm.weight")), param("lm_head.weight"));
}

}  // namespace fot::train
