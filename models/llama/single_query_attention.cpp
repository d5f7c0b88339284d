#include "models/llama/single_query_attention.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/llama/half_kernels.h"
#include "models/parallel_blocks.h"

namespace fot {
namespace {

const uint16_t* half_data(const at::Tensor& t) { return static_cast<const uint16_t*>(t.data_ptr()); }

HalfKind half_kind(const at::Tensor& t) {
  if (t.scalar_type() == at::kBFloat16) return HalfKind::kBFloat16;
  if (t.scalar_type() == at::kHalf) return HalfKind::kFloat16;
  throw std::invalid_argument("single_query_attention: keys and values must be fp32, bf16 or fp16");
}

// scores[t] = q . keys[t] for the rows of keys [n, D] (unit stride along D).
void score_rows(const at::Tensor& keys, const float* q, float* scores) {
  const int64_t n = keys.size(0), d = keys.size(1), ld = keys.stride(0);
  if (keys.scalar_type() == at::kFloat) return float_gemv(keys.data_ptr<float>(), ld, n, d, q, d, 1, scores, 1);
  half_gemv(half_kind(keys), half_data(keys), ld, n, d, q, d, 1, scores, 1);
}

// out += sum_t p[t] values[t] for values [n, D] (unit stride along D).
void add_weighted_rows(const at::Tensor& values, const float* p, float* out) {
  const int64_t n = values.size(0), d = values.size(1), ld = values.stride(0);
  if (values.scalar_type() == at::kFloat) return float_accumulate_rows(values.data_ptr<float>(), ld, n, d, p, out);
  half_accumulate_rows(half_kind(values), half_data(values), ld, n, d, p, out);
}

KeyValueRows with_unit_stride(const KeyValueRows& part) {
  KeyValueRows checked = part;
  if (checked.keys.stride(2) != 1) checked.keys = checked.keys.contiguous();
  if (checked.values.stride(2) != 1) checked.values = checked.values.contiguous();
  return checked;
}

}  // namespace

AttentionPart single_query_attention(const at::Tensor& q, const std::vector<KeyValueRows>& rows_in, int64_t total,
                                     const at::Tensor& hidden, std::optional<float> clamp_min) {
  if (q.dim() != 3 || q.size(1) != 1 || q.scalar_type() != at::kFloat)
    throw std::invalid_argument("single_query_attention: q must be fp32 [H, 1, D]");
  const int64_t heads = q.size(0), d = q.size(2);
  std::vector<KeyValueRows> rows;
  int64_t end = 0;
  for (const auto& part : rows_in) {
    if (part.keys.dim() != 3 || part.keys.size(2) != d || heads % part.keys.size(0) != 0 ||
        !part.values.sizes().equals(part.keys.sizes()) || part.offset != end)
      throw std::invalid_argument("single_query_attention: key/value rows do not fit q or do not follow each other");
    end += part.keys.size(1);
    if (part.keys.size(1) > 0) rows.push_back(with_unit_stride(part));
  }
  if (end != total) throw std::invalid_argument("single_query_attention: the rows do not cover 0..total");
  const auto q_scaled = q.reshape({heads, d}).mul(1.0 / std::sqrt(static_cast<double>(d))).contiguous();
  auto scores = at::empty({heads, total}, at::kFloat);
  const float* q_data = q_scaled.data_ptr<float>();
  float* score_data = scores.data_ptr<float>();
  run_blocks(heads, 0, [&](int64_t h) {
    for (const auto& part : rows) {
      const int64_t kv = h / (heads / part.keys.size(0));
      score_rows(part.keys[kv], q_data + h * d, score_data + h * total + part.offset);
    }
  });
  if (hidden.defined()) scores.masked_fill_(hidden, -std::numeric_limits<float>::infinity());
  if (clamp_min) scores.clamp_min_(*clamp_min);
  const auto row_max = std::get<0>(scores.max(-1, true));  // [H, 1]
  scores.sub_(row_max).exp_();
  const auto row_sum = scores.sum(-1, true);
  auto out = at::zeros({heads, 1, d}, at::kFloat);
  float* out_data = out.data_ptr<float>();
  run_blocks(heads, 0, [&](int64_t h) {
    for (const auto& part : rows) {
      const int64_t kv = h / (heads / part.keys.size(0));
      add_weighted_rows(part.values[kv], score_data + h * total + part.offset, out_data + h * d);
    }
  });
  out.div_(row_sum.unsqueeze(-1));
  return {out, row_sum.log().add_(row_max)};
}

}  // namespace fot
