// Training text from our own generators, in exactly the passkey prompt format the harness uses
// (docs/passkey-protocol.md via tasks/passkey/passkey_text.h), tokenized with the shipped tokenizer:
// passkey documents of any size with the needle at any depth, pure filler windows, intro windows.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "models/text_codec.h"
#include "models/tokenizer/tokenizer.h"

namespace fot::train {

using Rng = std::mt19937_64;

struct PasskeyDocument {
  std::vector<int32_t> prompt;  // BOS + encode(prompt text)
  std::vector<int32_t> answer;  // encode(str(key)): "▁" and the digits
  int64_t key = 0;
  int64_t needle_token = 0;     // index in prompt of the needle's first token
};

class DocumentMaker {
 public:
  explicit DocumentMaker(std::shared_ptr<const Tokenizer> tokenizer);

  // The landmark prompt for n_garbage filler characters, n_prefix of them before the needle.
  PasskeyDocument landmark(int64_t n_garbage, int64_t n_prefix, int64_t key) const;

  // About `tokens` prompt tokens (never below the filler-free prompt), needle at a random depth.
  PasskeyDocument sized(int64_t tokens, Rng& rng) const;

  // About `tokens` prompt tokens with the needle among the last `tail` input tokens (prompt plus
  // answer without its last token), so a window of the last `tail` inputs can answer.
  PasskeyDocument with_needle_in_tail(int64_t tokens, int64_t tail, Rng& rng) const;

  // Keys 1..49999: half uniform (as the evaluation draws them), half with a uniform digit count so
  // short keys are not rare.
  int64_t random_key(Rng& rng) const;

  // `tokens` consecutive filler tokens from a random phase of the filler.
  std::vector<int32_t> filler_window(int64_t tokens, Rng& rng) const;
  // The first `tokens` tokens of a document without needle: BOS, description, filler.
  std::vector<int32_t> intro_window(int64_t tokens) const;

  // Filler characters that make a prompt of about `tokens` tokens.
  int64_t garbage_for(int64_t tokens) const;

  int64_t minimum_prompt_tokens() const { return minimum_tokens_; }
  double tokens_per_char() const { return tokens_per_char_; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }

 private:
  int64_t random_prefix(int64_t low, int64_t high, Rng& rng) const;

  std::shared_ptr<const Tokenizer> tokenizer_;
  std::shared_ptr<const TextCodec> codec_;  // the same tokenizer, as tasks/passkey reads it
  double tokens_per_char_ = 0.0;
  int64_t minimum_tokens_ = 0;             // prompt tokens with no filler (5-digit key)
  std::vector<int32_t> filler_tokens_;     // a long run of filler, tokenized
  std::vector<int32_t> intro_tokens_;      // BOS + description + filler, tokenized
};

}  // namespace fot::train
