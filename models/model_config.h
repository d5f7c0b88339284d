// LLaMA / LongLLaMA hyper-parameters as read from an HF config.json or a llama2.c header. No LibTorch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fot {

struct ModelConfig {
  int32_t vocab_size = 0;
  int32_t hidden_size = 0;
  int32_t intermediate_size = 0;
  int32_t num_hidden_layers = 0;
  int32_t num_attention_heads = 0;
  int32_t num_key_value_heads = 0;  // = num_attention_heads when absent (no GQA)
  int64_t max_position_embeddings = 2048;
  double rms_norm_eps = 1e-6;
  double rope_theta = 10000.0;
  bool tie_word_embeddings = false;
  int32_t bos_token_id = 1;
  int32_t eos_token_id = 2;
  std::string torch_dtype;  // informational: "float32", "bfloat16", ...

  // LongLLaMA (FoT) fields; mem_layers absent means a plain LLaMA config.
  std::optional<std::vector<int32_t>> mem_layers;
  int64_t last_context_length = 1024;
  std::string mem_dtype = "bfloat16";
  bool mem_positionals = true;
  std::optional<std::pair<int32_t, int32_t>> mem_attention_grouping;

  int32_t head_dim() const { return hidden_size / num_attention_heads; }
  bool is_longllama() const { return mem_layers.has_value(); }
  // Throws std::runtime_error naming `source` and the offending field.
  void validate(const std::string& source) const;
};

// Parses an HF config.json; errors name the file and the field.
ModelConfig load_hf_config(const std::string& path);

}  // namespace fot
