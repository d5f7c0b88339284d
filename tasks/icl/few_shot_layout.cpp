#include "tasks/icl/few_shot_layout.h"

#include <algorithm>
#include <stdexcept>

#include "tasks/icl/demonstration_budget.h"

namespace fot::icl {

std::vector<int64_t> EncodedFewShot::demonstration_lengths() const {
  std::vector<int64_t> lengths;
  lengths.reserve(demonstrations.size());
  for (const auto& ids : demonstrations) lengths.push_back(static_cast<int64_t>(ids.size()));
  return lengths;
}

int32_t newline_token(const TextCodec& codec) {
  const TokenIds ids = codec.encode("\n");
  if (ids.empty() || codec.decode({ids.back()}) != "\n")
    throw std::runtime_error("tokenizer " + codec.describe() + " has no single token for a newline");
  return ids.back();
}

int32_t separator_token(const TextCodec& codec, bool* is_newline) {
  const TokenIds ids = codec.encode("\n");
  const bool newline = !ids.empty() && codec.decode({ids.back()}) == "\n";
  if (is_newline) *is_newline = newline;
  return newline ? ids.back() : codec.eos_id();
}

EncodedFewShot encode_few_shot(const TextCodec& codec, const std::vector<std::string>& demonstration_texts,
                               const std::vector<std::string>& test_prompt_texts,
                               const std::vector<std::string>& candidate_texts, int64_t generation_reserve) {
  EncodedFewShot encoded;
  encoded.bos = codec.bos_id();
  encoded.newline = separator_token(codec, &encoded.separator_is_newline);
  for (const auto& text : demonstration_texts) {
    TokenIds ids = codec.encode(text);
    ids.push_back(encoded.newline);
    encoded.demonstrations.push_back(std::move(ids));
  }
  int64_t longest_prompt = 0;
  for (const auto& text : test_prompt_texts) {
    encoded.test_prompts.push_back(codec.encode(text));
    longest_prompt = std::max(longest_prompt, static_cast<int64_t>(encoded.test_prompts.back().size()));
  }
  encoded.answer_room = generation_reserve;
  for (const auto& text : candidate_texts) {
    encoded.candidates.push_back(codec.encode(text));
    if (encoded.candidates.back().empty()) throw std::runtime_error("candidate '" + text + "' encodes to no tokens");
    encoded.answer_room = std::max(encoded.answer_room, static_cast<int64_t>(encoded.candidates.back().size()));
  }
  encoded.reserve = longest_prompt + encoded.answer_room;
  return encoded;
}

TokenIds context_ids(const EncodedFewShot& encoded, const std::vector<size_t>& rows) {
  TokenIds ids{encoded.bos};
  for (size_t row : rows) {
    const auto& demo = encoded.demonstrations.at(row);
    ids.insert(ids.end(), demo.begin(), demo.end());
  }
  return ids;
}

DrawContext draw_context(const EncodedFewShot& encoded, const std::vector<size_t>& order, int64_t budget,
                         int64_t window) {
  const auto lengths = encoded.demonstration_lengths();
  const size_t accepted = demonstrations_within_budget(lengths, order, encoded.reserve, budget);
  size_t first = 0;
  if (window > 0 && window < budget)
    first = first_demonstration_within_window(lengths, order, accepted, encoded.reserve, window);
  DrawContext draw;
  draw.demonstration_rows.assign(order.begin() + static_cast<std::ptrdiff_t>(first),
                                 order.begin() + static_cast<std::ptrdiff_t>(accepted));
  draw.context = context_ids(encoded, draw.demonstration_rows);
  return draw;
}

}  // namespace fot::icl
