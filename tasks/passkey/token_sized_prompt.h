// The `tokens` passkey protocol: the C.1 layout (description, filler, needle, filler, question,
// joined by "\n") sized to an exact number of prompt tokens with the needle at a chosen depth,
// as RULER and needle-in-a-haystack do.
//
// Sizing never re-tokenizes the whole prompt while searching. SentencePiece BPE (and the mock
// tokenizer) split text at spaces before merging, so a prompt's token count is the sum of the
// counts of its space-separated words; the filler repeats one 19-word unit, so the count of any
// filler prefix has a closed form. Only the words that straddle a "\n" are tokenized on their own
// (memoized). The filler after the needle starts at a sentence boundary of the unit and may end
// inside a word (as the landmark prompt's does); the search picks its start and end so the count is
// exact. The final prompt is tokenized once to produce the ids and to check the count; a tokenizer
// that is not additive this way gets a few corrective passes, then an error.
#pragma once

#include <cstdint>
#include <string>

#include "models/text_codec.h"

namespace fot::passkey {

struct SizedPrompt {
  std::string text;
  TokenIds ids;                  // BOS + encode(text); ids.size() == the requested token count
  int64_t needle_token_pos = 0;  // index in ids of the first token of the needle line
  double needle_depth = 0.0;     // share of the filler tokens that precede the needle
  int64_t prefix_words = 0;      // filler words before the needle (whole sentences)
  int64_t suffix_chars = 0;      // filler characters after the needle
};

// The landmark protocol's prompt as token ids: BOS + encode(text), and the index of the needle's
// first token (the training data and the passkey task build it the same way).
struct LandmarkIds {
  TokenIds ids;
  int64_t needle_token_pos = 0;
};
LandmarkIds landmark_ids(const TextCodec& codec, const std::string& text, size_t needle_offset);

// Tokens of the prompt without any filler (BOS included): the smallest prompt this key allows.
int64_t minimum_prompt_tokens(const TextCodec& codec, int64_t key);

// prompt_tokens includes BOS. depth in [0, 1]: 0 puts the needle right after the description,
// 1 right before the question; the needle always starts a sentence. Throws fot::InputError when
// prompt_tokens is below minimum_prompt_tokens, std::runtime_error if exact sizing fails.
SizedPrompt token_sized_prompt(const TextCodec& codec, int64_t prompt_tokens, double depth, int64_t key);

}  // namespace fot::passkey
