// FoT memory configuration as data: which layers are memory layers, window length L,
// last_context_length, memory dtype, lookup (dense or exact top-k) and a cap on memory tokens.
// Unset fields mean "as the checkpoint's config.json says". No LibTorch; the longllama backend
// consumes it, the harness parses it from YAML and writes canonical() into every result row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fot {

struct ModelConfig;

struct MemoryConfig {
  enum class Layers { kCheckpoint, kNone, kList };
  enum class Lookup { kDense, kTopK };

  Layers layers = Layers::kCheckpoint;
  std::vector<int32_t> layer_list;               // when layers == kList
  std::optional<int64_t> window;                 // L: tokens per window / local cache limit
  std::optional<int64_t> last_context_length;    // tokens of the input kept in the local cache
  std::optional<std::string> dtype;              // "bfloat16" | "float16" | "float32"
  Lookup lookup = Lookup::kDense;
  int64_t topk = 0;                              // > 0 when lookup == kTopK
  int64_t cap = 0;                               // most memory tokens kept (oldest evicted); 0 = no cap

  // True when nothing differs from the checkpoint (all fields unset, dense, no cap).
  bool is_default() const;

  // Checks the fields that need no checkpoint; throws fot::InputError "<where>: memory.<field> ...".
  void validate(const std::string& where) const;

  // Fills unset fields from a checkpoint's config and checks layer indices against it
  // (throws fot::InputError naming `where` and the field). L comes from max_position_embeddings.
  MemoryConfig resolved(const ModelConfig& checkpoint, const std::string& where) const;

  // One line, no commas or spaces (safe as a CSV cell), stable across runs, e.g.
  //   "layers=6/12/18;L=2048;lcl=1024;dtype=bfloat16;lookup=dense;cap=none"
  //   "layers=ckpt;L=ckpt;lcl=ckpt;dtype=ckpt;lookup=topk:128;cap=65536"  (unresolved fields)
  //   "none"                                                              (no memory layers)
  std::string canonical() const;

  // Field parsers shared by the YAML reader and CLI flags; throw fot::InputError naming `where`.
  static MemoryConfig::Layers parse_layers(const std::string& text, std::vector<int32_t>& list, const std::string& where);
  static std::string parse_dtype(const std::string& text, const std::string& where);
  static Lookup parse_lookup(const std::string& text, const std::string& where);
};

}  // namespace fot
