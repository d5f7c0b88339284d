#include "training/ruler_documents.h"

#include <algorithm>
#include <stdexcept>

#include "common/input_error.h"
#include "tasks/ruler/ruler_data.h"
#include "tasks/ruler/ruler_entries.h"
#include "tasks/ruler/ruler_generator.h"

namespace fot::train {

namespace {

// Room behind the prompt: the answer "▁" + 7 digits, and one more token.
constexpr int64_t kAnswerRoom = 9;

uint32_t random_seed(std::mt19937_64& rng) { return static_cast<uint32_t>(rng() & 0x7fffffff); }

int64_t random_keys(int64_t max_keys, std::mt19937_64& rng) {
  return std::uniform_int_distribution<int64_t>(1, max_keys)(rng);
}

// The last occurrence of `needle` in `ids`, or -1.
int64_t find_last(const std::vector<int32_t>& ids, const std::vector<int32_t>& needle) {
  if (needle.empty() || needle.size() > ids.size()) return -1;
  for (int64_t i = static_cast<int64_t>(ids.size() - needle.size()); i >= 0; --i)
    if (std::equal(needle.begin(), needle.end(), ids.begin() + i)) return i;
  return -1;
}

}  // namespace

ruler::Settings ruler_training_settings(const std::string& data_dir, int64_t num_needle_k, uint32_t seed) {
  ruler::Settings s = ruler::find_entry("niah_single_1")->defaults;
  s.data_dir = data_dir;
  s.num_needle_k = num_needle_k;
  s.random_seed = seed;
  s.tokens_to_generate = kAnswerRoom;
  return s;
}

RulerDocumentMaker::RulerDocumentMaker(std::shared_ptr<const Tokenizer> tokenizer, std::string data_dir,
                                       int64_t max_keys)
    : tokenizer_(std::move(tokenizer)), data_dir_(std::move(data_dir)), max_keys_(max_keys) {
  if (max_keys_ < 1) throw std::invalid_argument("RulerDocumentMaker: max_keys must be >= 1");
  if (data_dir_.empty()) throw InputError("RULER training documents need the RULER word lists (--ruler-data DIR)");
  ruler::key_words(data_dir_);  // a missing list is an InputError naming the file
  // The generator's smallest haystack (5 sentences) with every needle, plus the answer room.
  const ruler::Settings s = ruler_training_settings(data_dir_, max_keys_, 0);
  for (minimum_length_ = 64;; minimum_length_ += 16) {
    try {
      ruler::generate_samples(s, counter(), minimum_length_, 1);
      return;
    } catch (const InputError&) {
      if (minimum_length_ >= 4096) throw;
    }
  }
}

ruler::TokenCounter RulerDocumentMaker::counter() const {
  return [tokenizer = tokenizer_](const std::string& text) { return static_cast<int64_t>(tokenizer->encode(text).size()); };
}

RulerDocument RulerDocumentMaker::make(int64_t max_seq_length, std::mt19937_64& rng) const {
  RulerDocument doc;
  doc.max_seq_length = std::max(max_seq_length, minimum_length_);
  doc.num_needle_k = random_keys(max_keys_, rng);
  // A draw that RULER's own retry would cut below the needle count is an error there; draw again.
  for (int attempt = 0;; ++attempt) {
    doc.random_seed = random_seed(rng);
    try {
      doc.sample = ruler::generate_samples(ruler_training_settings(data_dir_, doc.num_needle_k, doc.random_seed),
                                           counter(), doc.max_seq_length, 1)
                       .front();
      break;
    } catch (const InputError&) {
      if (attempt == 20) throw;
    }
  }
  doc.prompt = {tokenizer_->bos_id()};
  const auto text = tokenizer_->encode(doc.sample.input + doc.sample.answer_prefix);
  doc.prompt.insert(doc.prompt.end(), text.begin(), text.end());
  doc.answer = tokenizer_->encode(doc.sample.outputs.front());
  doc.needle_token = find_last(doc.prompt, doc.answer);
  return doc;
}

std::vector<std::string> ruler_corpus_texts(const std::string& data_dir, int64_t documents, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const ruler::TokenCounter rough = [](const std::string& text) { return static_cast<int64_t>(text.size() / 3); };
  std::vector<std::string> out;
  for (int64_t i = 0; i < documents; ++i) {
    const ruler::Settings s = ruler_training_settings(data_dir, random_keys(4, rng), random_seed(rng));
    const ruler::Sample sample = ruler::generate_samples(s, rough, 800, 1).front();
    out.push_back(sample.input + sample.answer_prefix + " " + sample.outputs.front());
  }
  return out;
}

}  // namespace fot::train
