#include "training/hf_export.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

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

void write_safetensors(const std::vector<std::pair<std::string, torch::Tensor>>& tensors, const std::string& path) {
  ordered_json header;
  header["__metadata__"] = {{"format", "pt"}};
  uint64_t offset = 0;
  std::vector<torch::Tensor> data;
  for (const auto& [name, tensor] : tensors) {
    auto t = tensor.detach().to(torch::kFloat).contiguous();
    const uint64_t bytes = static_cast<uint64_t>(t.numel()) * sizeof(float);
    header[name] = {{"dtype", "F32"}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(t);
  }
  std::string text = header.dump();
  while (text.size() % 8 != 0) text.push_back(' ');  // keeps the data section 8-byte aligned
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  const uint64_t length = text.size();
  unsigned char le[8];
  for (int i = 0; i < 8; ++i) le[i] = static_cast<unsigned char>((length >> (8 * i)) & 0xff);
  out.write(reinterpret_cast<const char*>(le), 8);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  for (const auto& t : data)
    out.write(static_cast<const char*>(t.data_ptr()), static_cast<std::streamsize>(t.numel() * sizeof(float)));
  if (!out) throw std::runtime_error("failed writing " + path);
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
  write_safetensors(tensors, (fs::path(dir) / "model.safetensors").string());
  const auto target = fs::path(dir) / "tokenizer.model";
  if (fs::exists(target) && fs::equivalent(target, tokenizer_model)) return;
  fs::copy_file(tokenizer_model, target, fs::copy_options::overwrite_existing);
}

}  // namespace fot::train
