#include "training/corpus.h"

#include <fstream>
#include <random>
#include <stdexcept>

#include "tasks/passkey/passkey_text.h"

namespace fot::train {

void write_tokenizer_corpus(const std::string& path, int64_t documents, uint64_t seed) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  std::mt19937_64 rng(seed);
  for (int64_t i = 0; i < documents; ++i) {
    const int64_t n_garbage = std::uniform_int_distribution<int64_t>(0, 400)(rng);
    const int64_t n_prefix = std::uniform_int_distribution<int64_t>(0, n_garbage)(rng);
    const int64_t key = std::uniform_int_distribution<int64_t>(1, 49999)(rng);
    out << passkey::landmark_prompt(n_garbage, n_prefix, key).text << ' ' << key << '\n';
  }
}

}  // namespace fot::train
