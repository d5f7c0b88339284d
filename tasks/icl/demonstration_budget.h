// How many demonstrations a context budget holds (docs/few-shot-protocol.md section 4), on token counts alone.
//
// A prompt is [BOS] + demonstrations (each followed by the newline token) + test prompt + answer.
// `reserve` (M) is the longest test prompt plus the longest answer: the longest candidate label
// (TREC) or 50 tokens (WebQS). Walking the draw's order, demonstration i (d_i tokens, newline
// included) is accepted iff 1 + S + d_i + 1 + M < budget, S the tokens accepted before it; the
// walk stops at the first one that fails (no skipping). The extra 1 before M is the one of Hao et
// al.'s max_valid_len (1 + input + candidate), kept so the bound is theirs exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fot::icl {

// True when a context of `accepted_tokens` demonstration tokens can take one of `length` more.
bool demonstration_fits(int64_t accepted_tokens, int64_t length, int64_t reserve, int64_t budget);

// The number n of demonstrations taken: order[0..n) are accepted, order[n] (if any) does not fit.
// row_lengths[r] = tokens of train row r's demonstration, newline included.
size_t demonstrations_within_budget(const std::vector<int64_t>& row_lengths, const std::vector<size_t>& order,
                                    int64_t reserve, int64_t budget);

// A plain model whose window is smaller than the budget (OpenLLaMA at 4K-8K) keeps the last
// demonstrations of order[0..accepted) that fit `window` under the same rule, walking back from
// order[accepted - 1] and stopping at the first that does not fit. Returns the index of the first
// kept one: order[first..accepted) is what the model sees, in draw order.
size_t first_demonstration_within_window(const std::vector<int64_t>& row_lengths, const std::vector<size_t>& order,
                                         size_t accepted, int64_t reserve, int64_t window);

}  // namespace fot::icl
