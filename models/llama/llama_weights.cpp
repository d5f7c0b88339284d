#include "models/llama/llama_weights.h"

#include <fmt/format.h>

#include "common/input_error.h"
#include "models/checkpoint/mapped_tensor.h"
#include "models/llama/fp32_gemm.h"
#include "models/llama/half_linear.h"

namespace fot {
namespace {

at::ScalarType target_type(const std::string& dtype) {
  if (dtype == "float32") return at::kFloat;
  if (dtype == "bfloat16") return at::kBFloat16;
  if (dtype == "float16") return at::kHalf;
  throw InputError(fmt::format("weights dtype must be float32, bfloat16 or float16, got '{}'", dtype));
}

at::Tensor convert(const at::Tensor& tensor, const std::string& dtype) {
  if (dtype.empty()) return tensor;
  const at::ScalarType target = target_type(dtype);
  if (tensor.scalar_type() == target) return tensor;
  if (target != at::kFloat || !is_half_weight(tensor)) return tensor.to(target);
  // Half precision into fp32: convert at memory speed, then let go of the mapped source pages so
  // the process never holds both copies of the weights.
  populate_mapped_pages(tensor);
  auto converted = half_to_float_tensor(tensor);
  release_mapped_pages(tensor);
  return converted;
}

}  // namespace

LlamaWeights extract_llama_weights(const Checkpoint& checkpoint, const std::string& dtype) {
  auto get = [&](const std::string& name) -> at::Tensor {
    auto it = checkpoint.tensors.find(name);
    if (it == checkpoint.tensors.end())
      throw InputError(fmt::format("{}: missing tensor '{}'", checkpoint.source, name));
    return it->second;
  };
  LlamaWeights weights;
  weights.embed = convert(get("model.embed_tokens.weight"), dtype);
  weights.final_norm = get("model.norm.weight").to(at::kFloat);
  weights.lm_head = checkpoint.config.tie_word_embeddings || !checkpoint.tensors.count("lm_head.weight")
                        ? weights.embed
                        : convert(get("lm_head.weight"), dtype);
  for (int32_t i = 0; i < checkpoint.config.num_hidden_layers; ++i) {
    const std::string prefix = fmt::format("model.layers.{}.", i);
    LayerWeights layer;
    layer.attn_norm = get(prefix + "input_layernorm.weight").to(at::kFloat);
    layer.wq = convert(get(prefix + "self_attn.q_proj.weight"), dtype);
    layer.wk = convert(get(prefix + "self_attn.k_proj.weight"), dtype);
    layer.wv = convert(get(prefix + "self_attn.v_proj.weight"), dtype);
    layer.wo = convert(get(prefix + "self_attn.o_proj.weight"), dtype);
    layer.mlp_norm = get(prefix + "post_attention_layernorm.weight").to(at::kFloat);
    layer.w_gate = convert(get(prefix + "mlp.gate_proj.weight"), dtype);
    layer.w_up = convert(get(prefix + "mlp.up_proj.weight"), dtype);
    layer.w_down = convert(get(prefix + "mlp.down_proj.weight"), dtype);
    weights.layers.push_back(std::move(layer));
  }
  return weights;
}

at::Tensor linear_fp32(const at::Tensor& x, const at::Tensor& w) {
  if (is_half_weight(w)) return half_linear(x, w);
  // A decoding step: read w once as stored, where a GEMM with M = 1 first packs all of w^T and
  // OpenBLAS's sgemv read it at 0.3 of the plain read rate (scoring_bench decode_bandwidth).
  if (x.size(0) <= kMaxFloatGemvRows && x.size(0) > 0 && w.scalar_type() == at::kFloat && w.is_contiguous() &&
      w.size(0) > 0)
    return few_rows_linear(x, w);
  if (x.scalar_type() == at::kFloat && w.scalar_type() == at::kFloat && x.size(0) > 0) {
    auto y = at::empty({x.size(0), w.size(0)}, x.options());
    fp32_gemm(x.contiguous(), w.contiguous(), y);
    return y;
  }
  return at::mm(x, w.to(at::kFloat).t());
}

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps) {
  auto inv_rms = x.pow(2).mean(-1, true).add_(eps).rsqrt_();
  return (x * inv_rms).mul_(weight);
}

}  // namespace fot
