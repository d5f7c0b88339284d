// What the longllama tests share: the reference's random tiny checkpoint (L = 32,
// last_context_length = 16, memory layers 1, 3, 5; written by the fot golden fixture) and
// deterministic token ids that start with BOS.
#pragma once

#include <filesystem>

#include "models/checkpoint/checkpoint.h"
#include "models/language_model.h"

namespace fot::test {

inline Checkpoint tiny_longllama() {
  auto checkpoint = load_checkpoint((std::filesystem::path(FOT_GOLDEN_DIR) / "fot" / "model").string());
  validate_llama_tensors(checkpoint);
  return checkpoint;
}

inline TokenIds pseudo_random_tokens(size_t count, uint32_t seed, int32_t vocab) {
  TokenIds ids = {1};
  uint32_t x = seed;
  while (ids.size() < count) {
    x = x * 1664525u + 1013904223u;
    ids.push_back(3 + static_cast<int32_t>((x >> 8) % static_cast<uint32_t>(vocab - 3)));
  }
  return ids;
}

}  // namespace fot::test
