// Attention of one query per head (a decoding step) over key and value rows that are each read once,
// as stored (fp32, bf16 or fp16), by the matrix-vector kernels of half_kernels.h. Per head, a GEMM
// with M = 1 packs every key and value before using it, and the chunked memory attention spends a
// decoding step in per-chunk tensor operations: after an 8K-token LongLLaMA state, decoding read
// weights at 0.49 of a plain read, against 0.70 after a 16-token state (scoring_bench
// decode_bandwidth, measured side by side).
#pragma once

#include <ATen/ATen.h>

#include <optional>
#include <vector>

#include "models/llama/attention_part.h"

namespace fot {

// Rows [offset, offset + n) of the keys a query sees: keys and values [Hkv, n, D].
struct KeyValueRows {
  at::Tensor keys;
  at::Tensor values;
  int64_t offset = 0;
};

// q [H, 1, D] fp32 (rotated), H a multiple of Hkv, over `total` key positions: `rows` follow each
// other from 0 to total. Scores are (q . k) / sqrt(D); `hidden` ([1, total] bool) hides keys;
// `clamp_min` clamps scores from below after that (as memory attention does). Returns out [H, 1, D]
// and lse [H, 1]: the part dense attention gives, up to fp32 summation order.
AttentionPart single_query_attention(const at::Tensor& q, const std::vector<KeyValueRows>& rows, int64_t total,
                                     const at::Tensor& hidden = at::Tensor(),
                                     std::optional<float> clamp_min = std::nullopt);

}  // namespace fot
