// A random LLaMA checkpoint of given shapes, in memory, for benchmarks.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "models/checkpoint/checkpoint.h"
#include "models/checkpoint/safetensors_writer.h"

namespace fot::bench {

struct Shapes {
  int64_t vocab = 32000, hidden = 3200, heads = 32, intermediate = 8640, layers = 2, context = 2048;
};

inline Checkpoint random_checkpoint(const Shapes& s, at::ScalarType dtype = at::kFloat) {
  Checkpoint checkpoint;
  checkpoint.source = "random";
  auto& c = checkpoint.config;
  c.vocab_size = static_cast<int32_t>(s.vocab);
  c.hidden_size = static_cast<int32_t>(s.hidden);
  c.intermediate_size = static_cast<int32_t>(s.intermediate);
  c.num_hidden_layers = static_cast<int32_t>(s.layers);
  c.num_attention_heads = static_cast<int32_t>(s.heads);
  c.num_key_value_heads = static_cast<int32_t>(s.heads);
  c.max_position_embeddings = s.context;
  auto randn = [&](std::initializer_list<int64_t> shape) { return at::randn(shape).mul_(0.02).to(dtype); };
  auto ones = [&](int64_t n) { return at::ones({n}).to(dtype); };
  checkpoint.tensors["model.embed_tokens.weight"] = randn({s.vocab, s.hidden});
  checkpoint.tensors["model.norm.weight"] = ones(s.hidden);
  checkpoint.tensors["lm_head.weight"] = randn({s.vocab, s.hidden});
  for (int64_t i = 0; i < s.layers; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    for (const char* name : {"q_proj", "k_proj", "v_proj", "o_proj"})
      checkpoint.tensors[p + "self_attn." + name + ".weight"] = randn({s.hidden, s.hidden});
    checkpoint.tensors[p + "mlp.gate_proj.weight"] = randn({s.intermediate, s.hidden});
    checkpoint.tensors[p + "mlp.up_proj.weight"] = randn({s.intermediate, s.hidden});
    checkpoint.tensors[p + "mlp.down_proj.weight"] = randn({s.hidden, s.intermediate});
    checkpoint.tensors[p + "input_layernorm.weight"] = ones(s.hidden);
    checkpoint.tensors[p + "post_attention_layernorm.weight"] = ones(s.hidden);
  }
  return checkpoint;
}

// A random checkpoint of `s.layers` layers written as safetensors + config.json into `dir`, the
// way the CLI reads one. One random layer is written for every layer (generating is the slow
// part); each layer is still its own region of the file, so nothing is shared in memory.
inline void write_random_checkpoint(const std::string& dir, const Shapes& s, at::ScalarType dtype) {
  Shapes one_layer = s;
  one_layer.layers = 1;
  at::manual_seed(1);
  auto one = random_checkpoint(one_layer, dtype);
  TensorMap tensors;
  for (const auto& [name, tensor] : one.tensors) {
    if (name.rfind("model.layers.0.", 0) != 0) {
      tensors[name] = tensor;
      continue;
    }
    for (int64_t i = 0; i < s.layers; ++i)
      tensors["model.layers." + std::to_string(i) + "." + name.substr(15)] = tensor;
  }
  std::filesystem::create_directories(dir);
  write_safetensors(dir + "/model.safetensors", tensors);
  std::ofstream(dir + "/config.json") << "{\"vocab_size\": " << s.vocab << ", \"hidden_size\": " << s.hidden
                                      << ", \"intermediate_size\": " << s.intermediate
                                      << ", \"num_hidden_layers\": " << s.layers
                                      << ", \"num_attention_heads\": " << s.heads
                                      << ", \"max_position_embeddings\": " << s.context << ", \"torch_dtype\": \""
                                      << (dtype == at::kHalf ? "float16" : dtype == at::kBFloat16 ? "bfloat16" : "float32")
                                      << "\"}\n";
}

}  // namespace fot::bench
