// validate_llama_tensors, expected_llama_tensors, parameter_count.
#include <fmt/format.h>

#include <functional>
#include <set>

#include "models/checkpoint/checkpoint.h"
#include "models/checkpoint/mapped_tensor.h"
#include "common/input_error.h"

namespace fot {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Calls `visit(name, shape)` for each tensor of a LLaMA with config `c`, in model order. Lazy, so
// an absurd num_hidden_layers stops at the first missing tensor instead of listing them all.
void visit_llama_tensors(const ModelConfig& c,
                         const std::function<void(const std::string&, const std::vector<int64_t>&)>& visit) {
  const int64_t D = c.hidden_size, F = c.intermediate_size, V = c.vocab_size;
  const int64_t q_rows = int64_t{c.num_attention_heads} * c.head_dim();
  const int64_t kv_rows = int64_t{c.num_key_value_heads} * c.head_dim();
  visit("model.embed_tokens.weight", {V, D});
  for (int32_t i = 0; i < c.num_hidden_layers; ++i) {
    const std::string p = fmt::format("model.layers.{}.", i);
    visit(p + "input_layernorm.weight", {D});
    visit(p + "self_attn.q_proj.weight", {q_rows, D});
    visit(p + "self_attn.k_proj.weight", {kv_rows, D});
    visit(p + "self_attn.v_proj.weight", {kv_rows, D});
    visit(p + "self_attn.o_proj.weight", {D, q_rows});
    visit(p + "post_attention_layernorm.weight", {D});
    visit(p + "mlp.gate_proj.weight", {F, D});
    visit(p + "mlp.up_proj.weight", {F, D});
    visit(p + "mlp.down_proj.weight", {D, F});
  }
  visit("model.norm.weight", {D});
  if (!c.tie_word_embeddings) visit("lm_head.weight", {V, D});
}

}  // namespace

std::vector<std::pair<std::string, std::vector<int64_t>>> expected_llama_tensors(const ModelConfig& c) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> expected;
  visit_llama_tensors(c, [&](const std::string& name, const std::vector<int64_t>& shape) {
    expected.emplace_back(name, shape);
  });
  return expected;
}

void validate_llama_tensors(Checkpoint& checkpoint) {
  const std::string& file = checkpoint.weights_path.empty() ? checkpoint.source : checkpoint.weights_path;
  TensorMap& tensors = checkpoint.tensors;
  for (auto it = tensors.begin(); it != tensors.end();) {
    it = ends_with(it->first, ".rotary_emb.inv_freq") ? tensors.erase(it) : std::next(it);
  }

  auto check_shape = [&](const std::string& name, const std::vector<int64_t>& shape) {
    const at::Tensor& tensor = tensors.at(name);
    if (tensor.sizes() != at::IntArrayRef(shape))
      throw InputError(fmt::format("{}: tensor '{}' has shape {}, but {} implies {}", file, name,
                                   shape_string(tensor.sizes()), checkpoint.config_path, shape_string(shape)));
    const auto dtype = tensor.scalar_type();
    if (dtype != at::kFloat && dtype != at::kHalf && dtype != at::kBFloat16)
      throw InputError(fmt::format("{}: tensor '{}' has dtype {} (only float32, float16, bfloat16)", file, name,
                                   c10::toString(dtype)));
  };

  std::set<std::string> known;
  visit_llama_tensors(checkpoint.config, [&](const std::string& name, const std::vector<int64_t>& shape) {
    known.insert(name);
    if (!tensors.count(name))
      throw InputError(fmt::format("{}: missing tensor '{}' (shape {} expected from {})", file, name,
                                   shape_string(shape), checkpoint.config_path));
    check_shape(name, shape);
  });
  if (checkpoint.config.tie_word_embeddings) {
    known.insert("lm_head.weight");
    if (tensors.count("lm_head.weight"))
      check_shape("lm_head.weight", {checkpoint.config.vocab_size, checkpoint.config.hidden_size});
    tensors["lm_head.weight"] = tensors.at("model.embed_tokens.weight");
  }

  std::vector<std::string> unexpected;
  for (const auto& [name, tensor] : tensors) {
    if (!known.count(name)) unexpected.push_back(name);
  }
  if (!unexpected.empty())
    throw InputError(fmt::format("{}: unexpected tensor '{}' (shape {}){} not part of a LLaMA configured by {}", file,
                                 unexpected[0], shape_string(tensors.at(unexpected[0]).sizes()),
                                 unexpected.size() > 1 ? fmt::format(" and {} more,", unexpected.size() - 1) : ",",
                                 checkpoint.config_path));
}

int64_t parameter_count(const Checkpoint& checkpoint) {
  int64_t count = 0;
  for (const auto& [name, tensor] : checkpoint.tensors) {
    if (checkpoint.config.tie_word_embeddings && name == "lm_head.weight") continue;
    count += tensor.numel();
  }
  return count;
}

}  // namespace fot
