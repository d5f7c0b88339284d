// The one model interface every task talks to. Token-based and free of LibTorch, so tasks,
// harness and reports compile without it. Text <-> tokens is the Tokenizer's job.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fot {

using TokenIds = std::vector<int32_t>;

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
};

struct LoglikelihoodResult {
  double logprob = 0.0;   // sum of log p(continuation token | everything before it)
  bool is_greedy = false; // every continuation token was the argmax
};

// Called after each generated token with all tokens generated so far; return true to stop.
using StopPredicate = std::function<bool(const TokenIds& generated)>;

// The model state after reading a prefix. Scoring or generating from it never changes it;
// fork() gives an independent copy (cheap to make many continuations from one prefix).
class PrefixState {
 public:
  virtual ~PrefixState() = default;
  virtual std::unique_ptr<PrefixState> fork() const = 0;
  virtual int64_t num_tokens() const = 0;
};

class LanguageModel {
 public:
  virtual ~LanguageModel() = default;
  virtual ModelInfo info() const = 0;

  // Reads `prefix` once (it should start with BOS where the protocol wants one).
  virtual std::unique_ptr<PrefixState> encode_prefix(const TokenIds& prefix) = 0;

  // log p(continuation | prefix); `continuation` must be non-empty.
  virtual LoglikelihoodResult loglikelihood(const PrefixState& prefix, const TokenIds& continuation) = 0;

  // Greedy decoding after the prefix: at most `max_new_tokens`, stops early on EOS (not returned)
  // or when `stop` says so (the token that triggered it is returned).
  virtual TokenIds generate_greedy(const PrefixState& prefix, int max_new_tokens, const StopPredicate& stop = {}) = 0;

  // Conveniences over the three calls above.
  LoglikelihoodResult loglikelihood(const TokenIds& context, const TokenIds& continuation);
  TokenIds generate_greedy(const TokenIds& prompt, int max_new_tokens, const StopPredicate& stop = {});
};

}  // namespace fot
