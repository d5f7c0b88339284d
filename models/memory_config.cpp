#include "models/memory_config.h"

#include <fmt/format.h>

#include <set>
#include <sstream>

#include "common/input_error.h"
#include "models/model_config.h"

namespace fot {

bool MemoryConfig::is_default() const {
  return layers == Layers::kCheckpoint && !window && !last_context_length && !dtype && lookup == Lookup::kDense &&
         cap == 0;
}

void MemoryConfig::validate(const std::string& where) const {
  if (layers == Layers::kList) {
    if (layer_list.empty())
      throw InputError(fmt::format("{}: memory.layers is an empty list (write 'none' for no memory layers)", where));
    std::set<int32_t> seen;
    for (int32_t layer : layer_list) {
      if (layer < 0) throw InputError(fmt::format("{}: memory.layers holds {}, a layer index must be >= 0", where, layer));
      if (!seen.insert(layer).second)
        throw InputError(fmt::format("{}: memory.layers lists layer {} twice", where, layer));
    }
  }
  if (window && *window <= 0) throw InputError(fmt::format("{}: memory.window must be positive, got {}", where, *window));
  if (last_context_length && *last_context_length <= 0)
    throw InputError(
        fmt::format("{}: memory.last_context_length must be positive, got {}", where, *last_context_length));
  if (window && last_context_length && *last_context_length > *window)
    throw InputError(fmt::format("{}: memory.last_context_length ({}) must not exceed memory.window ({})", where,
                                 *last_context_length, *window));
  if (dtype) parse_dtype(*dtype, where);
  if (lookup == Lookup::kTopK && topk <= 0)
    throw InputError(fmt::format("{}: memory.topk must be positive for lookup 'topk', got {}", where, topk));
  if (lookup == Lookup::kDense && topk != 0)
    throw InputError(fmt::format("{}: memory.topk is set but memory.lookup is 'dense'", where));
  if (cap < 0) throw InputError(fmt::format("{}: memory.cap must be >= 0 (0 = no cap), got {}", where, cap));
}

MemoryConfig MemoryConfig::resolved(const ModelConfig& checkpoint, const std::string& where) const {
  validate(where);
  MemoryConfig out = *this;
  if (out.layers == Layers::kCheckpoint) {
    if (checkpoint.mem_layers && !checkpoint.mem_layers->empty()) {
      out.layers = Layers::kList;
      out.layer_list = *checkpoint.mem_layers;
    } else {
      out.layers = Layers::kNone;
      out.layer_list.clear();
    }
  }
  for (int32_t layer : out.layer_list) {
    if (layer >= checkpoint.num_hidden_layers)
      throw InputError(fmt::format("{}: memory.layers holds {}, outside 0..{} for this checkpoint", where, layer,
                                   checkpoint.num_hidden_layers - 1));
  }
  if (!out.window) out.window = checkpoint.max_position_embeddings;
  if (!out.last_context_length) out.last_context_length = checkpoint.last_context_length;
  if (!out.dtype) out.dtype = checkpoint.mem_dtype;
  if (*out.last_context_length > *out.window)
    throw InputError(fmt::format("{}: memory.last_context_length ({}) must not exceed the window L ({})", where,
                                 *out.last_context_length, *out.window));
  return out;
}

std::string MemoryConfig::canonical() const {
  if (layers == Layers::kNone) return "none";
  std::ostringstream out;
  out << "layers=";
  if (layers == Layers::kCheckpoint) {
    out << "ckpt";
  } else {
    for (size_t i = 0; i < layer_list.size(); ++i) out << (i ? "/" : "") << layer_list[i];
  }
  out << ";L=" << (window ? std::to_string(*window) : "ckpt");
  out << ";lcl=" << (last_context_length ? std::to_string(*last_context_length) : "ckpt");
  out << ";dtype=" << (dtype ? *dtype : "ckpt");
  out << ";lookup=" << (lookup == Lookup::kDense ? "dense" : "topk:" + std::to_string(topk));
  out << ";cap=" << (cap > 0 ? std::to_string(cap) : "none");
  return out.str();
}

MemoryConfig::Layers MemoryConfig::parse_layers(const std::string& text, std::vector<int32_t>& list,
                                                const std::string& where) {
  list.clear();
  if (text == "checkpoint") return Layers::kCheckpoint;
  if (text == "none") return Layers::kNone;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t used = 0;
    long value = 0;
    try {
      value = std::stol(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size())
      throw InputError(fmt::format(
          "{}: memory.layers must be 'checkpoint', 'none' or a list of layer indices, got '{}'", where, text));
    list.push_back(static_cast<int32_t>(value));
  }
  if (list.empty())
    throw InputError(fmt::format("{}: memory.layers must be 'checkpoint', 'none' or a list of layer indices", where));
  return Layers::kList;
}

std::string MemoryConfig::parse_dtype(const std::string& text, const std::string& where) {
  if (text == "bfloat16" || text == "float16" || text == "float32") return text;
  if (text == "bf16") return "bfloat16";
  if (text == "fp16") return "float16";
  if (text == "fp32") return "float32";
  throw InputError(fmt::format("{}: memory.dtype must be bfloat16, float16 or float32, got '{}'", where, text));
}

MemoryConfig::Lookup MemoryConfig::parse_lookup(const std::string& text, const std::string& where) {
  if (text == "dense") return Lookup::kDense;
  if (text == "topk") return Lookup::kTopK;
  throw InputError(fmt::format("{}: memory.lookup must be 'dense' or 'topk', got '{}'", where, text));
}

}  // namespace fot
