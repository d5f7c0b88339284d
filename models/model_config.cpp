#include "models/model_config.h"

#include <fmt/format.h>

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <type_traits>

#include "common/input_error.h"

namespace fot {
namespace {

using nlohmann::json;

// nlohmann's get<int> casts a float or a wider integer: 1e300 is undefined behaviour and 2^32 + 1
// becomes 1. An integer field takes only a JSON integer within the type's range.
template <typename T>
T value_of(const json& value, const std::string& path, const char* name) {
  auto wrong_type = [&] { return InputError(fmt::format("{}: field '{}' has the wrong type ({})", path, name, value.dump())); };
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if (!value.is_number_integer()) throw wrong_type();
    const bool in_range = value.is_number_unsigned()
                              ? value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max())
                              : value.get<int64_t>() >= std::numeric_limits<T>::min() &&
                                    value.get<int64_t>() <= std::numeric_limits<T>::max();
    if (!in_range) throw InputError(fmt::format("{}: field '{}' is out of range ({})", path, name, value.dump()));
    return static_cast<T>(value.is_number_unsigned() ? value.get<uint64_t>() : value.get<int64_t>());
  } else if constexpr (std::is_same_v<T, std::vector<int32_t>>) {
    if (!value.is_array()) throw wrong_type();
    T out;
    for (const auto& item : value) out.push_back(value_of<int32_t>(item, path, name));
    return out;
  } else {
    try {
      return value.get<T>();
    } catch (const json::exception&) {
      throw wrong_type();
    }
  }
}

template <typename T>
T field(const json& config, const std::string& path, const char* name, T fallback, bool required) {
  auto it = config.find(name);
  if (it == config.end() || it->is_null()) {
    if (required) throw InputError(fmt::format("{}: missing required field '{}'", path, name));
    return fallback;
  }
  return value_of<T>(*it, path, name);
}

}  // namespace

void ModelConfig::validate(const std::string& source) const {
  auto positive = [&](const char* name, int64_t value) {
    if (value <= 0) throw InputError(fmt::format("{}: field '{}' must be positive, got {}", source, name, value));
  };
  positive("vocab_size", vocab_size);
  positive("hidden_size", hidden_size);
  positive("intermediate_size", intermediate_size);
  positive("num_hidden_layers", num_hidden_layers);
  positive("num_attention_heads", num_attention_heads);
  positive("num_key_value_heads", num_key_value_heads);
  positive("max_position_embeddings", max_position_embeddings);
  if (hidden_size % num_attention_heads != 0)
    throw InputError(fmt::format("{}: field 'hidden_size' ({}) is not a multiple of 'num_attention_heads' ({})", source,
                                 hidden_size, num_attention_heads));
  if (num_attention_heads % num_key_value_heads != 0)
    throw InputError(fmt::format("{}: field 'num_key_value_heads' ({}) must divide 'num_attention_heads' ({})", source,
                                 num_key_value_heads, num_attention_heads));
  if (head_dim() % 2 != 0)
    throw InputError(fmt::format("{}: head dimension {} must be even for RoPE", source, head_dim()));
  if (!(rms_norm_eps > 0)) throw InputError(fmt::format("{}: field 'rms_norm_eps' must be positive", source));
  if (!(rope_theta > 0)) throw InputError(fmt::format("{}: field 'rope_theta' must be positive", source));
  if (mem_layers) {
    std::set<int32_t> seen;
    for (int32_t layer : *mem_layers) {
      if (layer < 0 || layer >= num_hidden_layers)
        throw InputError(fmt::format("{}: field 'mem_layers' holds {}, outside 0..{}", source, layer,
                                     num_hidden_layers - 1));
      if (!seen.insert(layer).second)
        throw InputError(fmt::format("{}: field 'mem_layers' lists layer {} twice", source, layer));
    }
    if (last_context_length <= 0 || last_context_length > max_position_embeddings)
      throw InputError(fmt::format("{}: field 'last_context_length' ({}) must be in 1..max_position_embeddings ({})",
                                   source, last_context_length, max_position_embeddings));
    if (mem_dtype != "bfloat16" && mem_dtype != "float16" && mem_dtype != "float32")
      throw InputError(fmt::format("{}: field 'mem_dtype' must be bfloat16, float16 or float32, got '{}'", source,
                                   mem_dtype));
  }
}

ModelConfig load_hf_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open config file", path));
  json config;
  try {
    config = json::parse(in);
  } catch (const json::parse_error& error) {
    throw InputError(fmt::format("{}: malformed JSON at byte {}: {}", path, error.byte, error.what()));
  } catch (const json::exception& error) {  // out_of_range for a number like 1e999
    throw InputError(fmt::format("{}: malformed JSON: {}", path, error.what()));
  }
  if (!config.is_object()) throw InputError(fmt::format("{}: the top level must be a JSON object", path));

  ModelConfig c;
  c.vocab_size = field<int32_t>(config, path, "vocab_size", 0, true);
  c.hidden_size = field<int32_t>(config, path, "hidden_size", 0, true);
  c.intermediate_size = field<int32_t>(config, path, "intermediate_size", 0, true);
  c.num_hidden_layers = field<int32_t>(config, path, "num_hidden_layers", 0, true);
  c.num_attention_heads = field<int32_t>(config, path, "num_attention_heads", 0, true);
  c.num_key_value_heads = field<int32_t>(config, path, "num_key_value_heads", c.num_attention_heads, false);
  c.max_position_embeddings = field<int64_t>(config, path, "max_position_embeddings", 2048, false);
  c.rms_norm_eps = field<double>(config, path, "rms_norm_eps", 1e-6, false);
  c.rope_theta = field<double>(config, path, "rope_theta", 10000.0, false);
  c.tie_word_embeddings = field<bool>(config, path, "tie_word_embeddings", false, false);
  c.bos_token_id = field<int32_t>(config, path, "bos_token_id", 1, false);
  c.eos_token_id = field<int32_t>(config, path, "eos_token_id", 2, false);
  c.torch_dtype = field<std::string>(config, path, "torch_dtype", "", false);
  if (config.contains("rope_scaling") && !config["rope_scaling"].is_null())
    throw InputError(fmt::format("{}: field 'rope_scaling' is not supported (must be null)", path));
  if (config.contains("mem_layers")) {
    c.mem_layers = field<std::vector<int32_t>>(config, path, "mem_layers", {}, true);
    c.last_context_length = field<int64_t>(config, path, "last_context_length", 1024, false);
    c.mem_dtype = field<std::string>(config, path, "mem_dtype", "bfloat16", false);
    c.mem_positionals = field<bool>(config, path, "mem_positionals", true, false);
    if (config.contains("mem_attention_grouping") && !config["mem_attention_grouping"].is_null()) {
      auto grouping = field<std::vector<int32_t>>(config, path, "mem_attention_grouping", {}, true);
      if (grouping.size() != 2 || grouping[0] <= 0 || grouping[1] <= 0)
        throw InputError(fmt::format("{}: field 'mem_attention_grouping' must be two positive integers", path));
      c.mem_attention_grouping = std::make_pair(grouping[0], grouping[1]);
    }
  }
  c.validate(path);
  return c;
}

}  // namespace fot
