// Shared helpers of the seam tests: the shipped tiny models (zoo/), both real backends behind one
// interface, and comparisons.
#pragma once

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <cmath>
#include <memory>
#include <string>

#include "models/backends/llama_backend.h"
#include "models/backends/longllama_backend.h"
#include "models/checkpoint/checkpoint.h"

namespace fot::test {

inline Checkpoint zoo_checkpoint(const std::string& name) {
  auto checkpoint = load_checkpoint(std::string(FOT_SOURCE_DIR) + "/zoo/" + name);
  validate_llama_tensors(checkpoint);
  return checkpoint;
}

// "llama" on zoo/tiny-openllama; "longllama" on zoo/tiny-longllama with the given local length
// (0 = the checkpoint's 112 of a 128-token window).
inline std::unique_ptr<LanguageModel> zoo_backend(const std::string& backend, int64_t last_context_length = 0) {
  if (backend == "llama")
    return std::make_unique<LlamaBackend>(zoo_checkpoint("tiny-openllama"), "", OverflowPolicy::kError);
  LongLlamaOptions options;
  if (last_context_length > 0) options.memory.last_context_length = last_context_length;
  return std::make_unique<LongLlamaBackend>(zoo_checkpoint("tiny-longllama"), options);
}

// The logits [V] after a state's last token.
inline at::Tensor last_logits(LanguageModel& model, const PrefixState& state) {
  if (auto* llama = dynamic_cast<LlamaBackend*>(&model)) return llama->last_logits(state);
  return dynamic_cast<LongLlamaBackend&>(model).decode_logits(state, {})[0];
}

inline TokenIds tokens(size_t count, uint32_t seed, int32_t vocab = 192, bool bos = false) {
  TokenIds ids;
  if (bos) ids.push_back(1);
  uint32_t x = seed;
  while (ids.size() < count) {
    x = x * 1664525u + 1013904223u;
    ids.push_back(3 + static_cast<int32_t>((x >> 8) % static_cast<uint32_t>(vocab - 3)));
  }
  return ids;
}

inline double max_abs_diff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }

inline void expect_close(double ours, double reference, double relative, const std::string& what) {
  EXPECT_LE(std::abs(ours - reference), relative * std::max(1.0, std::abs(reference)))
      << what << ": " << ours << " vs " << reference;
}

}  // namespace fot::test
