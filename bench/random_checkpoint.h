// A random LLaMA checkpoint of given shapes, in memory, for benchmarks.
#pragma once

#include <string>

#include "models/checkpoint/checkpoint.h"

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

}  // namespace fot::bench
