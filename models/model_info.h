// What a model says about itself before and after its weights are read: enough for tasks to check
// a model and size their prompts without holding it. No LibTorch.
#pragma once

#include <cstdint>
#include <string>

namespace fot {

// What to do when an input is longer than the backend's context limit.
enum class OverflowPolicy { kError, kKeepLast };
const char* to_string(OverflowPolicy policy);
OverflowPolicy parse_overflow_policy(const std::string& text);  // "error" | "keep_last"

struct ModelInfo {
  std::string backend;          // "llama", "longllama", "mock"
  std::string description;      // checkpoint path or similar
  int64_t context_limit = 0;    // tokens one call may see; 0 = unbounded (FoT memory)
  int32_t vocab_size = 0;
  int32_t bos_id = 1;
  int32_t eos_id = 2;
  OverflowPolicy overflow = OverflowPolicy::kError;
  std::string memory_config;    // canonical string, "none" for plain models
  int64_t memory_window = 0;    // FoT memory: L, the window and local-cache limit; 0 = no memory
};

}  // namespace fot
