#include "models/model_description.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/input_error.h"
#include "models/checkpoint/llama2c_header.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

// The header only (28 bytes): describing a model does not read its weights.
ModelConfig read_llama2c_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  uint8_t header[28] = {};
  in.read(reinterpret_cast<char*>(header), sizeof header);
  return parse_llama2c_header(header, static_cast<uint64_t>(in.gcount()), path);
}

int64_t weights_on_disk(const fs::path& checkpoint) {
  if (!fs::is_directory(checkpoint)) return static_cast<int64_t>(fs::file_size(checkpoint));
  int64_t total = 0;
  for (const auto& entry : fs::directory_iterator(checkpoint)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".safetensors" || ext == ".bin"))
      total += static_cast<int64_t>(entry.file_size());
  }
  return total;
}

}  // namespace

ModelDescription describe_model(const ModelSpec& input) {
  ModelDescription out;
  const ModelSpec spec = resolve_spec(input);  // the checks make_model makes before reading weights
  const std::string backend = spec.backend;
  out.info.backend = backend;
  out.info.description = spec.checkpoint;
  out.info.overflow = spec.overflow.empty() ? OverflowPolicy::kError : parse_overflow_policy(spec.overflow);
  if (backend == "mock") {
    out.info.context_limit = spec.mock.context_limit;
    out.info.memory_config = spec.memory.canonical();
    return out;
  }
  const fs::path checkpoint(spec.checkpoint);
  const CheckpointLocation location = locate_checkpoint(spec);
  if (location.config_json.empty()) {
    out.config = read_llama2c_header(spec.checkpoint);
  } else {
    if (!fs::exists(location.config_json))
      throw InputError(fmt::format("model '{}': '{}' does not exist", spec.name, location.config_json));
    out.config = load_hf_config(location.config_json);
  }
  out.weights_bytes = weights_on_disk(checkpoint);
  const ModelConfig& c = *out.config;
  out.info.vocab_size = c.vocab_size;
  out.info.bos_id = c.bos_token_id;
  out.info.eos_id = c.eos_token_id;
  if (backend == "llama") {
    out.info.context_limit = c.max_position_embeddings;
    out.info.memory_config = "none";
    return out;
  }
  out.memory = spec.memory.resolved(c, fmt::format("model '{}'", spec.name));
  out.info.context_limit = 0;
  out.info.memory_config = out.memory->canonical();
  out.info.memory_window = *out.memory->window;
  return out;
}

int64_t estimated_peak_bytes(const ModelDescription& model, const ModelSpec& spec, int64_t tokens) {
  const int64_t prompt = tokens * (4 + 8);  // ids and about 4 characters of text per token, with slack
  if (!model.config) return prompt;
  const ModelConfig& c = *model.config;
  const int64_t hidden = c.hidden_size, layers = c.num_hidden_layers;
  const int64_t kv = static_cast<int64_t>(c.num_key_value_heads) * (hidden / c.num_attention_heads);
  const bool fp32_weights = spec.weights_dtype == "float32";
  const int64_t weights = fp32_weights ? std::max<int64_t>(model.weights_bytes, 0) * 2 : model.weights_bytes;
  int64_t seen = tokens;
  if (model.info.context_limit > 0) seen = std::min<int64_t>(tokens, model.info.context_limit);
  int64_t window = seen;
  int64_t memory = 0;
  if (model.memory) {
    window = std::min<int64_t>(seen, *model.memory->window);
    const int64_t dtype_bytes = *model.memory->dtype == "float32" ? 4 : 2;
    int64_t stored = std::max<int64_t>(0, tokens - *model.memory->last_context_length);
    if (model.memory->cap > 0) stored = std::min(stored, model.memory->cap);
    memory = stored * 2 * kv * dtype_bytes * static_cast<int64_t>(model.memory->layer_list.size());
  }
  const int64_t kv_cache = 2 * layers * window * kv * 4;
  const int64_t activations = window * (4 * hidden + 3 * c.intermediate_size) * 4 +
                              window * std::min<int64_t>(window, 4096) * 4 * 2;  // scores of one block of rows
  return weights + kv_cache + activations + memory + prompt;
}

}  // namespace fot
