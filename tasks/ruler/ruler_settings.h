// The settings of one RULER synthetic task (NVIDIA/RULER scripts/synthetic.yaml and the generator
// scripts' arguments, under RULER's own names) and what one generated sample is. No LibTorch.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fot::ruler {

// RULER's generator scripts (scripts/data/synthetic/*.py).
enum class Generator { kNiah, kVariableTracking, kCommonWords, kFreqWords };
const char* generator_name(Generator generator);  // RULER's `task:` name, e.g. "variable_tracking"

struct Settings {
  Generator generator = Generator::kNiah;
  int64_t tokens_to_generate = 128;
  uint32_t random_seed = 42;
  std::string data_dir;  // the word lists (and optional JSON files); empty = none given

  // niah.py
  std::string type_haystack = "essay";  // noise | essay | needle (variable_tracking.py: noise | essay)
  std::string type_needle_k = "words";  // numbers | words | uuids
  std::string type_needle_v = "numbers";
  int64_t num_needle_k = 1, num_needle_v = 1, num_needle_q = 1;
  // variable_tracking.py
  int64_t num_chains = 1, num_hops = 4;
  // common_words_extraction.py
  int64_t freq_cw = 30, freq_ucw = 3, num_cw = 10, num_fewshot = 1;
  // freq_words_extraction.py
  double alpha = 2.0;
  int64_t coded_wordlen = 6, vocab_size = -1;  // -1: max_seq_length // 50, as RULER
};

// One line of RULER's validation.jsonl: the prompt without and with its answer prefix, the
// reference outputs, and `length` (prompt tokens plus tokens_to_generate).
struct Sample {
  std::string input;
  std::string answer_prefix;
  std::vector<std::string> outputs;
  int64_t length = 0;
};

// RULER's `nemo` tokenizer type: the number of SentencePiece pieces of a text (no BOS).
using TokenCounter = std::function<int64_t(const std::string&)>;

}  // namespace fot::ruler
