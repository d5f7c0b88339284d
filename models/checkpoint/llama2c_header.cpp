#include "models/checkpoint/llama2c_header.h"

#include <fmt/format.h>

#include <cstring>

#include "common/input_error.h"

namespace fot {
namespace {

constexpr uint32_t kVersionedMagic = 0x616b3432;  // "ak42": llama2.c's versioned exports

}  // namespace

ModelConfig parse_llama2c_header(const uint8_t* data, uint64_t size, const std::string& path) {
  if (size < 28)
    throw InputError(fmt::format("{}: {} bytes, too short for a llama2.c header (28 bytes; file truncated?)", path,
                                 size));
  int32_t header[7];
  std::memcpy(header, data, sizeof(header));
  if (static_cast<uint32_t>(header[0]) == kVersionedMagic)
    throw InputError(fmt::format("{}: a versioned llama2.c export (magic 'ak42'); only the legacy v0 format is supported",
                                 path));
  const char* names[7] = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
  for (int i = 0; i < 7; ++i) {
    if (header[i] == 0 || (i != 5 && header[i] < 0) || header[i] == INT32_MIN)
      throw InputError(fmt::format("{}: llama2.c header field '{}' is {} (not a llama2.c v0 export?)", path, names[i],
                                   header[i]));
  }
  ModelConfig c;
  c.hidden_size = header[0];
  c.intermediate_size = header[1];
  c.num_hidden_layers = header[2];
  c.num_attention_heads = header[3];
  c.num_key_value_heads = header[4];
  c.vocab_size = header[5] < 0 ? -header[5] : header[5];
  c.tie_word_embeddings = header[5] > 0;
  c.max_position_embeddings = header[6];
  c.rms_norm_eps = 1e-5;
  c.rope_theta = 10000.0;
  c.bos_token_id = 1;
  c.eos_token_id = 2;
  c.torch_dtype = "float32";
  c.validate(path);
  return c;
}

Llama2cLayout read_llama2c_layout(const uint8_t* data, uint64_t size, const std::string& path) {
  Llama2cLayout layout{parse_llama2c_header(data, size, path), {}};
  const ModelConfig& c = layout.config;
  const int64_t D = c.hidden_size, F = c.intermediate_size, L = c.num_hidden_layers, V = c.vocab_size;
  const int64_t hd = c.head_dim(), q_rows = c.num_attention_heads * hd, kv_rows = c.num_key_value_heads * hd;
  const int64_t freq_floats = c.max_position_embeddings * (hd / 2);
  bool overflow = false;
  auto mul = [&](uint64_t a, uint64_t b) { uint64_t r; overflow |= __builtin_mul_overflow(a, b, &r); return r; };
  auto add = [&](uint64_t a, uint64_t b) { uint64_t r; overflow |= __builtin_add_overflow(a, b, &r); return r; };
  const uint64_t per_layer = add(add(mul(2, D), mul(mul(3, F), D)), add(mul(mul(2, q_rows), D), mul(mul(2, kv_rows), D)));
  uint64_t floats = add(add(mul(V, D), mul(L, per_layer)), add(D, mul(2, freq_floats)));
  if (!c.tie_word_embeddings) floats = add(floats, mul(V, D));
  const uint64_t expected = add(28, mul(4, floats));
  if (overflow) throw InputError(fmt::format("{}: llama2.c header describes an impossibly large model", path));
  if (size != expected)
    throw InputError(fmt::format(
        "{}: file is {} bytes, but the llama2.c header (dim={}, hidden_dim={}, n_layers={}, n_heads={}, n_kv_heads={}, "
        "vocab_size={}, seq_len={}) implies {} bytes{}",
        path, size, D, F, L, c.num_attention_heads, c.num_key_value_heads, c.tie_word_embeddings ? V : -V,
        c.max_position_embeddings, expected, size < expected ? " (file truncated?)" : ""));

  uint64_t offset = 28;
  auto add_array = [&](std::string name, std::vector<int64_t> shape) {
    uint64_t floats_in_array = 1;
    for (int64_t dim : shape) floats_in_array *= static_cast<uint64_t>(dim);  // within `expected`: no overflow
    layout.arrays.push_back({std::move(name), std::move(shape), offset});
    offset += 4 * floats_in_array;
  };
  const std::string layer = "model.layers.";
  add_array("model.embed_tokens.weight", {V, D});
  for (int64_t i = 0; i < L; ++i) add_array(layer + std::to_string(i) + ".input_layernorm.weight", {D});
  for (int64_t i = 0; i < L; ++i) add_array(layer + std::to_string(i) + ".self_attn.q_proj.weight", {q_rows, D});
  for (int64_t i = 0; i < L; ++i) add_array(layer + std::to_string(i) + ".self_attn.k_proj.weight", {kv_rows, D});
  for (int64_t i = 0; i < L; ++i) add_array(layer + std::to_string(i) + ".self_attn.v_proj.weight", {kv_rows, D});
  for (int64_t i = 0; i < L; ++i) add_array(layer + std::to_string(i) + ".self_attn.o_proj.weight", {D, q_rows});
  for (int64_t i = 0; i < L; ++i) add_array(layer + std::to_string(i) + ".post_attention_layernorm.weight", {D});
  for (int64_t i = 0; i < L; ++i) add_array(layer + std::to_string(i) + ".mlp.gate_proj.weight", {F, D});
  for (int64_t i = 0; i < L; ++i) add_array(layer + std::to_string(i) + ".mlp.down_proj.weight", {D, F});
  for (int64_t i = 0; i < L; ++i) add_array(layer + std::to_string(i) + ".mlp.up_proj.weight", {F, D});
  add_array("model.norm.weight", {D});
  add_array("", {freq_floats});  // freq_cis_real
  add_array("", {freq_floats});  // freq_cis_imag
  if (!c.tie_word_embeddings) add_array("lm_head.weight", {V, D});
  return layout;
}

}  // namespace fot
