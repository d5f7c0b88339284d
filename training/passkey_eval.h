// Passkey accuracy of a saved model through the real inference backends (no training code on the
// path): landmark prompts (docs/passkey-protocol.md) sized to target token lengths, needle at a random
// character offset, key 1..49999, greedy decoding of as many tokens as the answer has, exact match.
// tiny-longllama runs on LongLlamaBackend, a plain model on LlamaBackend with overflow keep_last.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fot::train {

struct EvalOptions {
  std::string model_dir;
  std::vector<int64_t> lengths;  // target prompt tokens
  int64_t trials = 40;
  uint64_t seed = 20240;
  std::string mem_dtype;         // "" = the checkpoint's
  bool show_failures = false;    // print each wrong answer
  std::string csv;               // appended: model,mem_dtype,length,mean_tokens,correct,trials,accuracy,seconds
};

struct EvalRow {
  int64_t length = 0;
  double mean_tokens = 0.0;
  int64_t correct = 0, trials = 0;
  double seconds = 0.0;
};

std::vector<EvalRow> evaluate_passkey(const EvalOptions& options);

}  // namespace fot::train
