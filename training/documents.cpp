#include "training/documents.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "tasks/passkey/passkey_text.h"
#include "tasks/passkey/token_sized_prompt.h"

namespace fot::train {

namespace {

int64_t uniform(int64_t low, int64_t high, Rng& rng) {  // inclusive
  return std::uniform_int_distribution<int64_t>(low, high)(rng);
}

}  // namespace

DocumentMaker::DocumentMaker(std::shared_ptr<const Tokenizer> tokenizer)
    : tokenizer_(std::move(tokenizer)), codec_(make_sentencepiece_codec(tokenizer_)) {
  const int64_t chars = 40000;
  filler_tokens_ = tokenizer_->encode(passkey::filler(chars));
  tokens_per_char_ = static_cast<double>(filler_tokens_.size()) / static_cast<double>(chars);
  filler_tokens_.pop_back();  // the cut may end mid-word
  intro_tokens_ = {tokenizer_->bos_id()};
  const auto intro = tokenizer_->encode(std::string(passkey::kTaskDescription) + "\n" + passkey::filler(4000));
  intro_tokens_.insert(intro_tokens_.end(), intro.begin(), intro.end() - 1);
  minimum_tokens_ = static_cast<int64_t>(landmark(0, 0, 49999).prompt.size());
}

PasskeyDocument DocumentMaker::landmark(int64_t n_garbage, int64_t n_prefix, int64_t key) const {
  const auto prompt = passkey::landmark_prompt(n_garbage, n_prefix, key);
  const auto ids = passkey::landmark_ids(*codec_, prompt.text, prompt.needle_offset);
  PasskeyDocument doc;
  doc.key = key;
  doc.prompt.assign(ids.ids.begin(), ids.ids.end());
  doc.answer = tokenizer_->encode(std::to_string(key));
  doc.needle_token = ids.needle_token_pos;
  return doc;
}

int64_t DocumentMaker::garbage_for(int64_t tokens) const {
  return std::max<int64_t>(0, std::llround(static_cast<double>(tokens - minimum_tokens_) / tokens_per_char_));
}

int64_t DocumentMaker::random_prefix(int64_t low, int64_t high, Rng& rng) const {
  int64_t n = uniform(low, high, rng);
  // A quarter of the needles start right after a filler sentence, as the tokens protocol puts them.
  if (n > 0 && std::uniform_real_distribution<double>(0, 1)(rng) < 0.25) {
    const std::string text = passkey::filler(n);
    const auto dot = text.rfind('.');
    if (dot != std::string::npos && static_cast<int64_t>(dot) + 1 >= low) n = static_cast<int64_t>(dot) + 1;
  }
  return n;
}

int64_t DocumentMaker::random_key(Rng& rng) const {
  if (std::uniform_real_distribution<double>(0, 1)(rng) < 0.5) return uniform(1, 49999, rng);
  const int64_t digits = uniform(1, 5, rng);
  const int64_t low = digits == 1 ? 1 : static_cast<int64_t>(std::pow(10, digits - 1));
  const int64_t high = std::min<int64_t>(static_cast<int64_t>(std::pow(10, digits)) - 1, 49999);
  return uniform(low, high, rng);
}

PasskeyDocument DocumentMaker::sized(int64_t tokens, Rng& rng) const {
  const int64_t n_garbage = garbage_for(tokens);
  const int64_t n_prefix = random_prefix(0, n_garbage, rng);
  return landmark(n_garbage, n_prefix, random_key(rng));
}

PasskeyDocument DocumentMaker::with_needle_in_tail(int64_t tokens, int64_t tail, Rng& rng) const {
  const int64_t n_garbage = garbage_for(tokens);
  const int64_t key = random_key(rng);
  // Filler tokens that fit after the needle: the tail less the needle, question and answer.
  int64_t room = tail - (minimum_tokens_ - 30) - 6;
  for (int attempt = 0; attempt < 20; ++attempt) {
    const int64_t suffix_chars =
        std::clamp<int64_t>(static_cast<int64_t>(std::floor(static_cast<double>(room) / tokens_per_char_)), 0, n_garbage);
    const int64_t n_prefix = random_prefix(n_garbage - suffix_chars, n_garbage, rng);
    PasskeyDocument doc = landmark(n_garbage, n_prefix, key);
    const int64_t inputs = static_cast<int64_t>(doc.prompt.size() + doc.answer.size()) - 1;
    if (doc.needle_token >= inputs - tail) return doc;
    room -= 4;
  }
  throw std::runtime_error("with_needle_in_tail: could not place the needle in the tail");
}

std::vector<int32_t> DocumentMaker::filler_window(int64_t tokens, Rng& rng) const {
  const int64_t available = static_cast<int64_t>(filler_tokens_.size());
  if (tokens + 1 > available) throw std::invalid_argument("filler_window: too long");
  const int64_t start = uniform(1, available - tokens, rng);
  return std::vector<int32_t>(filler_tokens_.begin() + start, filler_tokens_.begin() + start + tokens);
}

std::vector<int32_t> DocumentMaker::intro_window(int64_t tokens) const {
  if (tokens > static_cast<int64_t>(intro_tokens_.size())) throw std::invalid_argument("intro_window: too long");
  return std::vector<int32_t>(intro_tokens_.begin(), intro_tokens_.begin() + tokens);
}

}  // namespace fot::train
