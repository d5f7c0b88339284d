// Token ids of few-shot prompts (docs/few-shot-protocol.md section 3): a prompt is
//   [BOS] + for each demonstration: encode(demonstration) + [newline] + encode(test prompt)
// followed, when scoring, by a candidate's tokens encode(verbalizer). Every piece is encoded on its
// own with the model's codec (SentencePiece: dummy prefix on, no BOS/EOS), so lengths add exactly
// and the candidate's leading "▁" stands for the space between prompt and answer. The newline is
// SentencePiece's byte piece <0x0A> (id 13 in both OpenLLaMA tokenizers).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/text_codec.h"

namespace fot::icl {

struct EncodedFewShot {
  int32_t bos = 1;
  int32_t newline = 13;  // the separator: the newline token, or EOS for a tokenizer without one
  bool separator_is_newline = true;
  std::vector<TokenIds> demonstrations;  // per train row: encode(demonstration text) + [newline]
  std::vector<TokenIds> test_prompts;    // per test item: encode(test prompt)
  std::vector<TokenIds> candidates;      // per label: encode(verbalizer); empty for generation
  int64_t answer_room = 0;               // longest candidate, or the fixed generation reserve
  int64_t reserve = 0;                   // M: longest test prompt + answer_room

  std::vector<int64_t> demonstration_lengths() const;
};

// The single token the codec gives "\n" (the last id of encode("\n"), checked to decode to "\n").
int32_t newline_token(const TextCodec& codec);

// The demonstration separator: newline_token(), or for a tokenizer that has no newline piece (the
// shipped tiny models' 192-piece one turns "\n" into nothing) EOS, the separator of Hao et al.'s
// fairseq code (docs/few-shot-protocol.md section 3). WebQS decoding stops at either.
int32_t separator_token(const TextCodec& codec, bool* is_newline = nullptr);

// Scoring tasks pass candidate texts (answer_room = the longest); generation tasks pass none and
// their answer reserve.
EncodedFewShot encode_few_shot(const TextCodec& codec, const std::vector<std::string>& demonstration_texts,
                               const std::vector<std::string>& test_prompt_texts,
                               const std::vector<std::string>& candidate_texts, int64_t generation_reserve = 0);

// The demonstrations of one draw at one budget, and the context they make.
struct DrawContext {
  std::vector<size_t> demonstration_rows;  // train rows, in draw order (the first is farthest from the test item)
  TokenIds context;                        // [BOS] + their demonstrations, newlines included
};

// The budget rule (demonstration_budget.h) over `order`. window > 0 and window < budget: a plain
// model's policy, keeping the last of those demonstrations that fit `window`.
DrawContext draw_context(const EncodedFewShot& encoded, const std::vector<size_t>& order, int64_t budget,
                         int64_t window = 0);

// [BOS] + the demonstrations of `rows`, in that order.
TokenIds context_ids(const EncodedFewShot& encoded, const std::vector<size_t>& rows);

}  // namespace fot::icl
