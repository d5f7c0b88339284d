// Training documents in RULER's needle-in-a-haystack format (docs/ruler.md): each one is a sample
// that the harness's own RULER generator (tasks/ruler/ruler_generator.h) draws for a random seed, with
// the noise haystack, word keys and 7-digit number values, 1..max_keys needles (so the question's key
// must be matched), tokenized as the ruler tasks tokenize it: BOS + encode(input + answer_prefix),
// followed by the teacher-forced answer encode(output) ("▁" and 7 digits).
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "models/tokenizer/tokenizer.h"
#include "tasks/ruler/ruler_settings.h"

namespace fot::train {

struct RulerDocument {
  std::vector<int32_t> prompt;  // BOS + encode(input + answer_prefix)
  std::vector<int32_t> answer;  // encode(outputs[0])
  int64_t needle_token = -1;    // index in prompt of the queried value's first token
  ruler::Sample sample;         // what the generator drew
  // The draw: the niah_single_1 task with these settings gives this document as its sample 0.
  int64_t max_seq_length = 0;
  int64_t num_needle_k = 1;
  uint32_t random_seed = 0;
};

// The generator settings of one training draw: niah_single_1's (noise haystack, word keys, number
// values) with num_needle_k keys, RULER's seed `seed`, and tokens_to_generate = answer room.
ruler::Settings ruler_training_settings(const std::string& data_dir, int64_t num_needle_k, uint32_t seed);

class RulerDocumentMaker {
 public:
  // data_dir: the RULER word lists (laid out as the shared data's ruler/); a missing list is a
  // fot::InputError naming the file.
  RulerDocumentMaker(std::shared_ptr<const Tokenizer> tokenizer, std::string data_dir, int64_t max_keys = 4);

  // RULER's sample 0 for max_seq_length (prompt + answer room) with 1..max_keys needles drawn from rng.
  RulerDocument make(int64_t max_seq_length, std::mt19937_64& rng) const;

  // The shortest max_seq_length the generator accepts with max_keys needles (5 haystack sentences).
  int64_t minimum_length() const { return minimum_length_; }

 private:
  ruler::TokenCounter counter() const;

  std::shared_ptr<const Tokenizer> tokenizer_;
  std::string data_dir_;
  int64_t max_keys_;
  int64_t minimum_length_ = 0;
};

// RULER niah texts for the tokenizer corpus (prompt, answer prefix and answer), with a rough
// token count (bytes / 3, about 800 of them) since the tokenizer does not exist yet.
std::vector<std::string> ruler_corpus_texts(const std::string& data_dir, int64_t documents, uint64_t seed);

}  // namespace fot::train
