#include "training/hf_export.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "models/checkpoint/safetensors_writer.h"

namespace fot::train {

using nlohmann::ordered_json;

std::string hf_config_json(const ModelConfig& c) {
  ordered_json j;
  j["architectures"] = {c.is_longllama() ? "LongLlamaForCausalLM" : "LlamaForCausalLM"};
  j["model_type"] = c.is_longllama() ? "longllama" : "llama";
  j["vocab_size"] = c.vocab_size;
  j["hidden_size"] = c.hidden_size;
  j["intermediate_size"] = c.intermediate_size;
  j["num_hidden_layers"] = c.num_hidden_layers;
  j["num_attention_heads"] = c.num_attention_heads;
  j["num_key_value_heads"] = c.num_key_value_heads;
  j["max_position_embeddings"] = c.max_position_embeddings;
  j["hidden_act"] = "silu";
  j["rms_norm_eps"] = c.rms_norm_eps;
  j["rope_theta"] = c.rope_theta;
  j["rope_scaling"] = nullptr;
  j["tie_word_embeddings"] = false;
  j["bos_token_id"] = c.bos_token_id;
  j["eos_token_id"] = c.eos_token_id;
  j["pad_token_id"] = 0;
  j["torch_dtype"] = "float32";
  j["use_cache"] = true;
  if (c.is_longllama()) {
    j["mem_layers"] = *c.mem_layers;
    j["mem_positionals"] = c.mem_positionals;
    j["mem_dtype"] = c.mem_dtype;
    j["last_context_length"] = c.last_context_length;
    j["mem_attention_grouping"] = nullptr;
    j["torch_attention"] = false;
  }
  return j.dump(2) + "\n";
}

void save_hf_model(const ModelConfig& config, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                   const std::string& tokenizer_model, const std::string& dir) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  {
    std::ofstream out(fs::path(dir) / "config.json", std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + (fs::path(dir) / "config.json").string());
    out << hf_config_json(config);
  }
  TensorMap stored;
  for (const auto& [name, tensor] : tensors) stored[name] = tensor.detach().to(torch::kFloat).contiguous();
  write_safetensors((fs::path(dir) / "model.safetensors").string(), stored);
  const auto target = fs::path(dir) / "tokenizer.model";
  if (fs::exists(target) && fs::equivalent(target, tokenizer_model)) return;
  fs::copy_file(tokenizer_model, target, fs::copy_options::overwrite_existing);
}

}  // namespace fot::train
