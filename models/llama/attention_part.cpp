#include "models/llama/attention_part.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/llama/fp32_gemm.h"
#include "models/llama/single_query_attention.h"
#include "models/parallel_blocks.h"

namespace fot {
namespace {

// Queries per block: keeps the score block small and lets causal blocks skip future keys.
constexpr int64_t kQueryBlock = 256;

// x [M, K] times b (keys [N, K] as rows, or values [K, N]) on this block's thread, on the faster of
// OpenBLAS and oneDNN for the shape (fp32_gemm.h).
at::Tensor block_product(const at::Tensor& x, const at::Tensor& b, GemmOperand operand) {
  const auto x_rows = x.stride(1) == 1 ? x : x.contiguous();
  const auto b_rows = b.stride(1) == 1 ? b : b.contiguous();
  auto y = at::empty({x.size(0), operand == GemmOperand::kWeightRows ? b.size(0) : b.size(1)}, x.options());
  fp32_gemm_one_thread(x_rows, b_rows, operand, y);
  return y;
}

}  // namespace

at::Tensor merge_attention_parts(const std::vector<AttentionPart>& parts) {
  if (parts.empty()) throw std::invalid_argument("merge_attention_parts: no parts");
  if (parts.size() == 1) return parts[0].out;
  auto lse_max = parts[0].lse;
  for (size_t i = 1; i < parts.size(); ++i) lse_max = at::maximum(lse_max, parts[i].lse);
  at::Tensor numerator;
  at::Tensor denominator;
  for (const auto& part : parts) {
    auto weight = (part.lse - lse_max).exp_();  // [H, Tq]
    auto weighted = part.out * weight.unsqueeze(-1);
    numerator = numerator.defined() ? numerator.add_(weighted) : weighted;
    denominator = denominator.defined() ? denominator.add_(weight) : weight;
  }
  return numerator.div_(denominator.unsqueeze(-1));
}

AttentionPart causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t q_offset,
                               bool with_lse) {
  const int64_t heads = q.size(0), tq = q.size(1), dim = q.size(2);
  const int64_t kv_heads = k.size(0), tk = k.size(1);
  if (heads % kv_heads != 0) throw std::invalid_argument("causal_attention: heads not a multiple of kv heads");
  if (q_offset + tq > tk) throw std::invalid_argument("causal_attention: queries run past the keys");
  if (tq == 1) {
    const int64_t seen = q_offset + 1;
    return single_query_attention(q, {{k.narrow(1, 0, seen), v.narrow(1, 0, seen), 0}}, seen);
  }
  const int64_t group = heads / kv_heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));

  auto out = at::empty({heads, tq, dim}, q.options());
  auto lse = with_lse ? at::empty({heads, tq}, q.options()) : at::Tensor();
  // Grouped-query layout: query head h uses kv head h / group, so [H,T,D] -> [Hkv, group, T, D].
  auto q_grouped = q.view({kv_heads, group, tq, dim});
  auto out_grouped = out.view({kv_heads, group, tq, dim});
  auto lse_grouped = with_lse ? lse.view({kv_heads, group, tq}) : at::Tensor();

  // Blocks of (one kv head with its query heads) x (kQueryBlock queries), spread over the cores.
  const int64_t query_blocks = (tq + kQueryBlock - 1) / kQueryBlock;
  run_blocks(kv_heads * query_blocks, 0, [&](int64_t block) {
    const int64_t h = block / query_blocks, start = (block % query_blocks) * kQueryBlock;
    const int64_t rows = std::min(kQueryBlock, tq - start);
    const int64_t visible = q_offset + start + rows;  // keys 0..visible-1 can be seen by some row
    auto q_block = q_grouped[h].narrow(1, start, rows).mul(scale).reshape({group * rows, dim});
    auto scores =
        block_product(q_block, k[h].narrow(0, 0, visible), GemmOperand::kWeightRows).view({group, rows, visible});
    // Row r sees keys up to q_offset + start + r; only the trailing rows x rows corner has future keys.
    auto corner = scores.narrow(2, q_offset + start, rows);
    corner.masked_fill_(at::ones({rows, rows}, at::kBool).triu_(1), -std::numeric_limits<float>::infinity());
    auto values = v[h].narrow(0, 0, visible);
    if (!with_lse) {
      auto probs = at::softmax(scores, -1);
      auto block_out = block_product(probs.view({group * rows, visible}), values, GemmOperand::kColumns);
      out_grouped[h].narrow(1, start, rows).copy_(block_out.view({group, rows, dim}));
      return;
    }
    auto row_max = std::get<0>(scores.max(-1, true));
    scores.sub_(row_max).exp_();
    auto row_sum = scores.sum(-1, true);
    auto block_out =
        block_product(scores.view({group * rows, visible}), values, GemmOperand::kColumns).view({group, rows, dim});
    out_grouped[h].narrow(1, start, rows).copy_(block_out.div_(row_sum));
    lse_grouped[h].narrow(1, start, rows).copy_((row_sum.log_() + row_max).squeeze(-1));
  });
  return {out, lse};
}

AttentionPart dense_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& visible) {
  const int64_t heads = q.size(0), tq = q.size(1), dim = q.size(2);
  const int64_t kv_heads = k.size(0), tk = k.size(1);
  if (heads % kv_heads != 0) throw std::invalid_argument("dense_attention: heads not a multiple of kv heads");
  if (visible.defined() && (visible.size(0) != tq || visible.size(1) != tk))
    throw std::invalid_argument("dense_attention: visibility mask does not match queries x keys");
  if (tq == 1)
    return single_query_attention(q, {{k, v, 0}}, tk, visible.defined() ? visible.logical_not() : at::Tensor());
  const int64_t group = heads / kv_heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  auto out = at::empty({heads, tq, dim}, q.options());
  auto lse = at::empty({heads, tq}, q.options());
  auto q_grouped = q.view({kv_heads, group, tq, dim});
  auto out_grouped = out.view({kv_heads, group, tq, dim});
  auto lse_grouped = lse.view({kv_heads, group, tq});
  auto hidden = visible.defined() ? visible.logical_not() : at::Tensor();
  const int64_t query_blocks = (tq + kQueryBlock - 1) / kQueryBlock;
  run_blocks(kv_heads * query_blocks, 0, [&](int64_t block) {
    const int64_t h = block / query_blocks, start = (block % query_blocks) * kQueryBlock;
    const int64_t rows = std::min(kQueryBlock, tq - start);
    auto q_block = q_grouped[h].narrow(1, start, rows).mul(scale).reshape({group * rows, dim});
    auto scores = block_product(q_block, k[h], GemmOperand::kWeightRows).view({group, rows, tk});
    if (hidden.defined()) scores.masked_fill_(hidden.narrow(0, start, rows), -std::numeric_limits<float>::infinity());
    auto row_max = std::get<0>(scores.max(-1, true));
    scores.sub_(row_max).exp_();
    auto row_sum = scores.sum(-1, true);
    auto block_out =
        block_product(scores.view({group * rows, tk}), v[h], GemmOperand::kColumns).view({group, rows, dim});
    out_grouped[h].narrow(1, start, rows).copy_(block_out.div_(row_sum));
    lse_grouped[h].narrow(1, start, rows).copy_((row_sum.log_() + row_max).squeeze(-1));
  });
  return {out, lse};
}

}  // namespace fot
