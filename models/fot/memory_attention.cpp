#include "models/fot/memory_attention.h"

#include <ATen/Dispatch.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "models/fot/row_top_k.h"
#include "common/input_error.h"
#include "models/llama/single_query_attention.h"
#include "models/parallel_blocks.h"

namespace fot {
namespace {

// One block of query heads [h0, h1) and queries [q0, q1).
struct Block {
  int64_t h0, h1, q0, q1;
  int64_t heads() const { return h1 - h0; }
  int64_t queries() const { return q1 - q0; }
};

// Runs f(keys, values, offset) for memory chunks of at most `chunk` tokens, oldest first. keys/values
// are the storage-dtype views [Hkv, n, D]; `offset` is the chunk's first token index in the memory.
// Chunks sit on a fixed grid over the whole memory (a chunk crossing a segment boundary is joined),
// so results do not depend on how the store happens to be segmented (a fork's or a fresh one's).
template <typename F>
void for_each_chunk(const std::vector<MemorySpan>& spans, int64_t chunk, F&& f) {
  int64_t total = 0;
  for (const MemorySpan& span : spans) total = std::max(total, span.offset + span.keys.size(1));
  size_t first_span = 0;
  for (int64_t c0 = 0; c0 < total; c0 += chunk) {
    const int64_t c1 = std::min(total, c0 + chunk);
    std::vector<at::Tensor> keys, values;
    for (size_t i = first_span; i < spans.size(); ++i) {
      const MemorySpan& span = spans[i];
      const int64_t s0 = span.offset, s1 = span.offset + span.keys.size(1);
      if (s1 <= c0) {
        first_span = i + 1;
        continue;
      }
      if (s0 >= c1) break;
      const int64_t a = std::max(c0, s0) - s0, b = std::min(c1, s1) - s0;
      keys.push_back(span.keys.slice(1, a, b));
      values.push_back(span.values.slice(1, a, b));
    }
    if (keys.size() == 1) {
      f(keys[0], values[0], c0);
    } else {
      f(at::cat(keys, 1), at::cat(values, 1), c0);
    }
  }
}

// The block's per-query-head view of a memory chunk in fp32: [h1 - h0, n, D].
at::Tensor block_heads_fp32(const at::Tensor& chunk, const Block& b, int64_t group) {
  const int64_t kv0 = b.h0 / group;
  const int64_t kv1 = (b.h1 - 1) / group + 1;
  at::Tensor sel = chunk.slice(0, kv0, kv1).to(at::kFloat);
  if (group == 1) return sel;
  at::Tensor heads = at::arange(b.h0, b.h1, at::kLong).div(group, "floor").sub_(kv0);
  return sel.index_select(0, heads);
}

// Scores [hb, qb, n] of the block's queries (pre-scaled by 1/sqrt(D)) against one chunk of keys,
// clamped at kMemoryScoreClamp. With many queries the clamp pass over the scores is skipped when
// |q| |k| (Cauchy-Schwarz, with a factor 2 of slack for rounding) shows no score can reach the clamp.
at::Tensor chunk_scores(const at::Tensor& q_scaled, double q_norm_max, const at::Tensor& keys_fp32) {
  at::Tensor scores = at::bmm(q_scaled, keys_fp32.transpose(1, 2));
  bool clamp = true;
  if (q_scaled.size(1) > keys_fp32.size(2)) {  // the bound costs n x D, the clamp qb x n
    const double k_norm_max = std::sqrt(keys_fp32.square().sum(-1).max().item<double>());
    clamp = 2.0 * q_norm_max * k_norm_max >= -static_cast<double>(kMemoryScoreClamp);
  }
  if (clamp) scores.clamp_min_(kMemoryScoreClamp);
  return scores;
}

void dense_block(const at::Tensor& q_scaled, double q_norm_max, const std::vector<MemorySpan>& spans, const Block& b,
                 int64_t group, int64_t chunk, at::Tensor& out, at::Tensor& lse) {
  const int64_t d = q_scaled.size(2);
  at::Tensor m = at::full({b.heads(), b.queries()}, -std::numeric_limits<float>::infinity(), at::kFloat);
  at::Tensor l = at::zeros({b.heads(), b.queries()}, at::kFloat);
  at::Tensor acc = at::zeros({b.heads(), b.queries(), d}, at::kFloat);
  for_each_chunk(spans, chunk, [&](const at::Tensor& keys, const at::Tensor& values, int64_t) {
    at::Tensor s = chunk_scores(q_scaled, q_norm_max, block_heads_fp32(keys, b, group));
    at::Tensor m_new = at::maximum(m, std::get<0>(s.max(-1)));
    at::Tensor alpha = (m - m_new).exp_();  // 0 on the first chunk (m = -inf, m_new finite)
    s.sub_(m_new.unsqueeze(-1)).exp_();
    l.mul_(alpha).add_(s.sum(-1));
    acc.mul_(alpha.unsqueeze(-1)).baddbmm_(s, block_heads_fp32(values, b, group));
    m = m_new;
  });
  out.slice(0, b.h0, b.h1).slice(1, b.q0, b.q1).copy_(acc.div_(l.unsqueeze(-1)));
  lse.slice(0, b.h0, b.h1).slice(1, b.q0, b.q1).copy_(m.add_(l.log_()));
}

// out[row] = sum_j softmax(top scores)_j * V[kv head of row][index_j]; lse[row] = logsumexp(top scores).
// Runs on the calling thread (blocks are already spread over the cores).
template <typename T>
void weighted_values(const RowTopK& top, const std::vector<MemorySpan>& spans, const Block& b, int64_t group,
                     float* out, float* lse, int64_t d) {
  // Weights and sums in double: a row has only k terms, and the result then stays as close to the
  // exact value as the dense path's fp32 blocks do.
  std::vector<double> w, acc(d);
  std::vector<const T*> value_rows;
  for (int64_t r = 0; r < b.heads() * b.queries(); ++r) {
    const int64_t m = top.size(r);
    const int64_t kv = (b.h0 + r / b.queries()) / group;
    const uint64_t* keys = top.row(r);
    // The rows are in memory order, so the span holding each one only moves forward.
    value_rows.resize(m);
    size_t s = 0;
    for (int64_t j = 0; j < m; ++j) {
      const int64_t index = CandidateKey::index(keys[j]);
      while (index >= spans[s].offset + spans[s].values.size(1)) ++s;
      const at::Tensor& values = spans[s].values;
      value_rows[j] = values.data_ptr<T>() + kv * values.stride(0) + (index - spans[s].offset) * values.stride(1);
    }
    w.resize(m);
    double max = -std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < m; ++j) max = std::max<double>(max, CandidateKey::score(keys[j]));
    double sum = 0;
    for (int64_t j = 0; j < m; ++j) sum += (w[j] = std::exp(static_cast<double>(CandidateKey::score(keys[j])) - max));
    lse[r] = static_cast<float>(max + std::log(sum));
    std::fill(acc.begin(), acc.end(), 0.0);
    constexpr int64_t kAhead = 4;  // value rows are scattered over the memory: fetch them early
    const int64_t row_bytes = d * static_cast<int64_t>(sizeof(T));
    for (int64_t j = 0; j < m; ++j) {
      if (j + kAhead < m) {
        const char* next = reinterpret_cast<const char*>(value_rows[j + kAhead]);
        for (int64_t byte = 0; byte < row_bytes; byte += 64) __builtin_prefetch(next + byte);
      }
      const T* row = value_rows[j];
      const double weight = w[j] / sum;
      for (int64_t e = 0; e < d; ++e) acc[e] += weight * static_cast<double>(row[e]);
    }
    float* o = out + r * d;
    for (int64_t e = 0; e < d; ++e) o[e] = static_cast<float>(acc[e]);
  }
}

void top_k_block(const at::Tensor& q_scaled, double q_norm_max, const std::vector<MemorySpan>& spans, const Block& b,
                 int64_t group, int64_t chunk, int64_t k, at::Tensor& out, at::Tensor& lse) {
  const int64_t d = q_scaled.size(2);
  int64_t memory = 0;
  for (const MemorySpan& span : spans) memory += span.keys.size(1);
  RowTopK top(b.heads() * b.queries(), std::min(k, memory));
  for_each_chunk(spans, chunk, [&](const at::Tensor& keys, const at::Tensor&, int64_t offset) {
    const at::Tensor scores = chunk_scores(q_scaled, q_norm_max, block_heads_fp32(keys, b, group)).contiguous();
    top.add(scores.data_ptr<float>(), scores.size(-1), offset);
  });
  top.finish();
  at::Tensor block_out = at::empty({b.heads(), b.queries(), d}, at::kFloat);
  at::Tensor block_lse = at::empty({b.heads(), b.queries()}, at::kFloat);
  AT_DISPATCH_FLOATING_TYPES_AND2(at::kBFloat16, at::kHalf, spans.front().values.scalar_type(), "memory_top_k", [&] {
    weighted_values<scalar_t>(top, spans, b, group, block_out.data_ptr<float>(), block_lse.data_ptr<float>(), d);
  });
  out.slice(0, b.h0, b.h1).slice(1, b.q0, b.q1).copy_(block_out);
  lse.slice(0, b.h0, b.h1).slice(1, b.q0, b.q1).copy_(block_lse);
}

}  // namespace

void validate(const MemoryAttentionOptions& options) {
  auto non_negative = [](const char* name, int64_t value) {
    if (value < 0) throw InputError(fmt::format("memory attention: field '{}' must be >= 0, got {}", name, value));
  };
  non_negative("mem_topk", options.top_k);
  non_negative("heads_per_block", options.heads_per_block);
  non_negative("queries_per_block", options.queries_per_block);
  non_negative("threads", options.threads);
  if (options.memory_chunk <= 0)
    throw InputError(fmt::format("memory attention: field 'memory_chunk' must be positive, got {}",
                                 options.memory_chunk));
}

AttentionPart memory_attention(const at::Tensor& q, const MemoryStore& memory, const MemoryAttentionOptions& options) {
  return memory_attention(q, memory.spans(), options);
}

AttentionPart memory_attention(const at::Tensor& q, const std::vector<MemorySpan>& spans_in,
                               const MemoryAttentionOptions& options) {
  validate(options);
  if (q.dim() != 3 || q.scalar_type() != at::kFloat)
    throw std::invalid_argument(fmt::format("memory_attention: q must be fp32 [H, Tq, D], got {} {}",
                                            c10::toString(q.scalar_type()), c10::str(q.sizes())));
  const int64_t heads = q.size(0), queries = q.size(1), d = q.size(2);
  int64_t group = 1;
  std::vector<MemorySpan> spans;
  for (const MemorySpan& span : spans_in) {
    const int64_t kv_heads = span.keys.dim() == 3 ? span.keys.size(0) : 0;
    if (kv_heads == 0 || span.keys.size(2) != d || heads % kv_heads != 0 ||
        !span.values.sizes().equals(span.keys.sizes()) || span.values.scalar_type() != spans_in[0].values.scalar_type())
      throw std::invalid_argument(fmt::format("memory_attention: memory span k {} / v {} does not fit q {}",
                                              c10::str(span.keys.sizes()), c10::str(span.values.sizes()),
                                              c10::str(q.sizes())));
    group = heads / kv_heads;
    if (span.keys.size(1) == 0) continue;
    MemorySpan s = span;
    if (s.values.stride(2) != 1) s.values = s.values.contiguous();  // top-k reads value rows directly
    spans.push_back(s);
  }

  AttentionPart part;
  part.out = at::zeros({heads, queries, d}, at::kFloat);
  part.lse = at::full({heads, queries}, -std::numeric_limits<float>::infinity(), at::kFloat);
  if (spans.empty() || queries == 0) return part;

  if (queries == 1 && options.top_k == 0) {
    std::vector<KeyValueRows> rows;
    int64_t total = 0;
    for (const MemorySpan& span : spans) {
      rows.push_back({span.keys, span.values, span.offset});
      total = std::max(total, span.offset + span.keys.size(1));
    }
    return single_query_attention(q, rows, total, at::Tensor(), kMemoryScoreClamp);
  }
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  const int64_t hpb = options.heads_per_block > 0 ? options.heads_per_block : heads;
  const int64_t qpb = options.queries_per_block > 0 ? options.queries_per_block : queries;
  std::vector<Block> blocks;
  for (int64_t h0 = 0; h0 < heads; h0 += hpb)
    for (int64_t q0 = 0; q0 < queries; q0 += qpb)
      blocks.push_back({h0, std::min(heads, h0 + hpb), q0, std::min(queries, q0 + qpb)});
  // Each block writes its own slices of part.out and part.lse.
  auto run_block = [&](const Block& b) {
    at::Tensor q_scaled = q.slice(0, b.h0, b.h1).slice(1, b.q0, b.q1).mul(scale);
    const double q_norm_max = std::sqrt(q_scaled.square().sum(-1).max().item<double>());
    if (options.top_k > 0)
      top_k_block(q_scaled, q_norm_max, spans, b, group, options.memory_chunk, options.top_k, part.out, part.lse);
    else
      dense_block(q_scaled, q_norm_max, spans, b, group, options.memory_chunk, part.out, part.lse);
  };

  run_blocks(static_cast<int64_t>(blocks.size()), options.threads, [&](int64_t i) { run_block(blocks[i]); });
  return part;
}

}  // namespace fot
