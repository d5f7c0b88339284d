#include "models/fot/memory_attention.h"

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

#include "common/input_error.h"

namespace fot {
namespace {

// Naive reference: the whole [H, Tq, M] score tensor, then softmax (over the top-k keys when k > 0).
AttentionPart naive_memory_attention(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values,
                                     int64_t top_k = 0) {
  const int64_t group = q.size(0) / keys.size(0);
  at::Tensor k = keys.to(at::kFloat).repeat_interleave(group, 0);
  at::Tensor v = values.to(at::kFloat).repeat_interleave(group, 0);
  at::Tensor scores = at::matmul(q, k.transpose(1, 2)).div(std::sqrt(static_cast<double>(q.size(2))));
  scores = scores.clamp_min(-1e6);
  if (top_k > 0 && top_k < scores.size(2)) {
    at::Tensor kth = std::get<0>(scores.topk(top_k, -1)).select(-1, top_k - 1).unsqueeze(-1);
    scores = scores.masked_fill(scores.lt(kth), -std::numeric_limits<float>::infinity());
  }
  at::Tensor lse = at::logsumexp(scores, -1);
  return {at::matmul(at::softmax(scores, -1), v), lse};
}

MemoryStore store_with(const at::Tensor& keys, const at::Tensor& values, MemDtype dtype, int64_t max_segment) {
  MemoryStoreOptions options;
  options.num_kv_heads = keys.size(0);
  options.head_dim = keys.size(2);
  options.dtype = dtype;
  options.max_segment_tokens = max_segment;
  MemoryStore store(options);
  // Several appends so the memory spans several segments.
  for (int64_t t0 = 0; t0 < keys.size(1); t0 += 9) {
    const int64_t t1 = std::min(keys.size(1), t0 + 9);
    store.append(keys.slice(1, t0, t1), values.slice(1, t0, t1));
  }
  return store;
}

void expect_close(const AttentionPart& got, const AttentionPart& want, double tol, const std::string& what) {
  EXPECT_TRUE(at::allclose(got.out, want.out, tol, tol)) << what << " out max diff "
                                                          << (got.out - want.out).abs().max().item<float>();
  EXPECT_TRUE(at::allclose(got.lse, want.lse, tol, tol)) << what << " lse max diff "
                                                          << (got.lse - want.lse).abs().max().item<float>();
}

struct Shapes {
  int64_t heads, kv_heads, queries, memory, dim;
};

void PrintTo(const Shapes& s, std::ostream* os) {
  *os << "H=" << s.heads << " Hkv=" << s.kv_heads << " Tq=" << s.queries << " M=" << s.memory << " D=" << s.dim;
}

class MemoryAttention : public ::testing::TestWithParam<Shapes> {};

// Seeds the generator, then draws q [H, Tq, D], k and v [Hkv, M, D] in that order, and stores k/v.
struct RandomCase {
  at::Tensor q, k, v;
  MemoryStore store;
};

RandomCase random_case(const Shapes& s, uint64_t seed, MemDtype dtype, int64_t max_segment) {
  at::manual_seed(seed);
  at::Tensor q = at::randn({s.heads, s.queries, s.dim});
  at::Tensor k = at::randn({s.kv_heads, s.memory, s.dim}), v = at::randn({s.kv_heads, s.memory, s.dim});
  MemoryStore store = store_with(k, v, dtype, max_segment);
  return {q, k, v, std::move(store)};
}

TEST_P(MemoryAttention, DenseMatchesNaive) {
  const Shapes s = GetParam();
  auto [q, k, v, store] = random_case(s, 11, MemDtype::kFloat32, 16);
  expect_close(memory_attention(q, store, {}), naive_memory_attention(q, k, v), 1e-5, "dense");
}

TEST_P(MemoryAttention, TopKWithKAtLeastMemorySizeEqualsDense) {
  const Shapes s = GetParam();
  auto [q, k, v, store] = random_case(s, 12, MemDtype::kFloat32, 16);
  MemoryAttentionOptions dense;
  dense.memory_chunk = 8;
  const AttentionPart want = memory_attention(q, store, dense);
  for (int64_t top_k : {s.memory, s.memory + 1, 10 * s.memory}) {
    MemoryAttentionOptions topk = dense;
    topk.top_k = top_k;
    expect_close(memory_attention(q, store, topk), want, 1e-5, "k=" + std::to_string(top_k));
  }
}

TEST_P(MemoryAttention, TopKMatchesNaiveTopK) {
  const Shapes s = GetParam();
  auto [q, k, v, store] = random_case(s, 13, MemDtype::kFloat32, 16);
  for (int64_t top_k : {int64_t{1}, int64_t{5}, s.memory / 2, s.memory - 1}) {
    MemoryAttentionOptions options;
    options.top_k = top_k;
    options.memory_chunk = 7;
    expect_close(memory_attention(q, store, options), naive_memory_attention(q, k, v, top_k), 1e-5,
                 "k=" + std::to_string(top_k));
  }
}

TEST_P(MemoryAttention, BlockedEqualsUnblocked) {
  const Shapes s = GetParam();
  auto [q, k, v, store] = random_case(s, 14, MemDtype::kBFloat16, 23);
  for (int64_t top_k : {0, 6}) {
    MemoryAttentionOptions whole;
    whole.top_k = top_k;
    whole.heads_per_block = 0;
    whole.queries_per_block = 0;
    whole.memory_chunk = 1 << 20;
    const AttentionPart want = memory_attention(q, store, whole);
    // (heads per block, queries per block, memory chunk); chunks 5, 7 and 13 do not divide M.
    for (auto [hpb, qpb, chunk] : std::vector<std::tuple<int64_t, int64_t, int64_t>>{
             {1, 1, 1}, {1, 1, 7}, {3, 2, 5}, {2, 0, 13}, {0, 1, 4}, {s.heads, s.queries, s.memory}}) {
      MemoryAttentionOptions blocked = whole;
      blocked.heads_per_block = hpb;
      blocked.queries_per_block = qpb;
      blocked.memory_chunk = chunk;
      expect_close(memory_attention(q, store, blocked), want, 1e-5,
                   "k=" + std::to_string(top_k) + " block " + std::to_string(hpb) + "x" + std::to_string(qpb) +
                       "x" + std::to_string(chunk));
    }
  }
}

TEST_P(MemoryAttention, Bf16MemoryMatchesNaiveOnRoundedKeys) {
  const Shapes s = GetParam();
  auto [q, k, v, store] = random_case(s, 15, MemDtype::kBFloat16, 16);
  expect_close(memory_attention(q, store, {}),
               naive_memory_attention(q, k.to(at::kBFloat16), v.to(at::kBFloat16)), 1e-5, "bf16");
}

TEST_P(MemoryAttention, Fp16MemoryMatchesNaiveOnRoundedKeysDenseAndTopK) {
  const Shapes s = GetParam();
  auto [q, k, v, store] = random_case(s, 17, MemDtype::kFloat16, 16);
  const auto k16 = k.to(at::kHalf), v16 = v.to(at::kHalf);
  expect_close(memory_attention(q, store, {}), naive_memory_attention(q, k16, v16), 1e-5, "fp16 dense");
  MemoryAttentionOptions top_k;
  top_k.top_k = 3;
  expect_close(memory_attention(q, store, top_k), naive_memory_attention(q, k16, v16, 3), 1e-5, "fp16 top-3");
}

// Merged [causal local | memory] parts equal one softmax over the concatenated keys.
TEST_P(MemoryAttention, MergedWithLocalEqualsOneSoftmaxOverConcatenation) {
  const Shapes s = GetParam();
  at::manual_seed(16);
  const int64_t local = s.queries + 3, offset = 3;  // queries are the last s.queries local tokens
  at::Tensor q = at::randn({s.heads, s.queries, s.dim});
  at::Tensor lk = at::randn({s.kv_heads, local, s.dim}), lv = at::randn({s.kv_heads, local, s.dim});
  at::Tensor mk = at::randn({s.kv_heads, s.memory, s.dim}), mv = at::randn({s.kv_heads, s.memory, s.dim});
  MemoryStore store = store_with(mk, mv, MemDtype::kFloat32, 16);
  for (int64_t top_k : {0, 4}) {
    MemoryAttentionOptions options;
    options.top_k = top_k;
    options.memory_chunk = 6;
    const at::Tensor got = merge_attention_parts(
        {causal_attention(q, lk, lv, offset), memory_attention(q, store, options)});

    const int64_t group = s.heads / s.kv_heads;
    const double scale = 1.0 / std::sqrt(static_cast<double>(s.dim));
    at::Tensor keys = at::cat({lk, mk}, 1).repeat_interleave(group, 0);
    at::Tensor values = at::cat({lv, mv}, 1).repeat_interleave(group, 0);
    at::Tensor scores = at::matmul(q, keys.transpose(1, 2)).mul(scale);
    at::Tensor local_scores = scores.slice(2, 0, local), mem_scores = scores.slice(2, local);
    at::Tensor future = at::ones({s.queries, local}, at::kBool).triu(offset + 1);
    local_scores.masked_fill_(future, -std::numeric_limits<float>::max());
    local_scores.clamp_min_(-1e6);
    mem_scores.clamp_min_(-1e6);
    if (top_k > 0) {
      at::Tensor kth = std::get<0>(mem_scores.topk(top_k, -1)).select(-1, top_k - 1).unsqueeze(-1);
      mem_scores.masked_fill_(mem_scores.lt(kth), -std::numeric_limits<float>::infinity());
    }
    const at::Tensor want = at::matmul(at::softmax(scores, -1), values);
    EXPECT_TRUE(at::allclose(got, want, 1e-5, 1e-5))
        << "k=" << top_k << " max diff " << (got - want).abs().max().item<float>();
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, MemoryAttention,
                         ::testing::Values(Shapes{4, 4, 5, 37, 8},   // no GQA
                                           Shapes{6, 2, 4, 50, 16},  // GQA, 3 query heads per kv head
                                           Shapes{2, 1, 1, 17, 4}),  // one query
                         [](const auto& info) {
                           const Shapes& s = info.param;
                           return "H" + std::to_string(s.heads) + "kv" + std::to_string(s.kv_heads) + "q" +
                                  std::to_string(s.queries) + "m" + std::to_string(s.memory);
                         });

TEST_P(MemoryAttention, ThreadCountDoesNotChangeOneBit) {
  const Shapes s = GetParam();
  auto [q, k, v, store] = random_case(s, 19, MemDtype::kBFloat16, 16);
  for (int64_t top_k : {0, 3}) {
    MemoryAttentionOptions one;
    one.top_k = top_k;
    one.heads_per_block = 1;
    one.queries_per_block = 2;
    one.memory_chunk = 6;
    one.threads = 1;
    const AttentionPart want = memory_attention(q, store, one);
    for (int64_t threads : {2, 5, 0}) {
      MemoryAttentionOptions many = one;
      many.threads = threads;
      const AttentionPart got = memory_attention(q, store, many);
      EXPECT_TRUE(at::equal(got.out, want.out) && at::equal(got.lse, want.lse))
          << "k=" << top_k << " threads " << threads;
    }
  }
}

TEST(MemoryAttentionEdge, EmptyMemoryContributesNothing) {
  at::manual_seed(17);
  MemoryStoreOptions options;
  options.num_kv_heads = 2;
  options.head_dim = 4;
  MemoryStore empty(options);
  at::Tensor q = at::randn({2, 3, 4});
  const AttentionPart part = memory_attention(q, empty, {});
  EXPECT_TRUE(at::equal(part.out, at::zeros({2, 3, 4})));
  EXPECT_TRUE(part.lse.eq(-std::numeric_limits<float>::infinity()).all().item<bool>());
  at::Tensor k = at::randn({2, 3, 4}), v = at::randn({2, 3, 4});
  const AttentionPart local = causal_attention(q, k, v, 0);
  EXPECT_TRUE(at::allclose(merge_attention_parts({local, part}), local.out));
}

TEST(MemoryAttentionEdge, ScoresAreClampedAtMinusOneMillion) {
  // Every score is -4e6 before the clamp, so after it all keys weigh the same: out = mean of values.
  // 1 query takes the always-clamp path, 8 queries (> dim) the path that first checks the |q| |k| bound.
  const int64_t memory = 5, dim = 4;
  at::Tensor k = at::full({1, memory, dim}, -2000.0f);
  at::Tensor v = at::arange(memory * dim, at::kFloat).view({1, memory, dim});
  for (int64_t queries : {1, 8}) {
    at::Tensor q = at::full({1, queries, dim}, 1000.0f);
    for (int64_t top_k : {0, 2}) {
      MemoryAttentionOptions options;
      options.top_k = top_k;
      options.memory_chunk = 2;
      const AttentionPart part = memory_attention(q, {MemorySpan{k, v, 0}}, options);
      const double selected = static_cast<double>(top_k > 0 ? top_k : memory);
      EXPECT_TRUE(at::allclose(part.lse, at::full({1, queries}, -1e6 + std::log(selected)), 0, 0.1))
          << "queries " << queries << " k " << top_k;
      if (top_k == 0) {
        EXPECT_TRUE(at::allclose(part.out, v.mean(1, true).expand({1, queries, dim})));
      }
    }
  }
}

// Long memory, wide chunks: rows skip most scores sixteen at a time and cut their candidate
// buffers many times over.
TEST(MemoryAttentionEdge, TopKOverLongMemoryMatchesNaive) {
  at::manual_seed(23);
  const int64_t memory = 3001, dim = 16;
  at::Tensor q = at::randn({3, 40, dim});
  at::Tensor k = at::randn({3, memory, dim}), v = at::randn({3, memory, dim});
  for (int64_t top_k : {1, 7, 64, 700}) {
    MemoryAttentionOptions options;
    options.top_k = top_k;
    options.memory_chunk = 512;
    expect_close(memory_attention(q, {MemorySpan{k, v, 0}}, options), naive_memory_attention(q, k, v, top_k), 1e-5,
                 "k=" + std::to_string(top_k));
  }
}

// Equal scores: the older memory tokens win, whatever chunk they arrive in.
TEST(MemoryAttentionEdge, TopKTiesGoToTheOlderTokens) {
  const int64_t memory = 40, dim = 4;
  at::Tensor k = at::ones({1, memory, dim});
  at::Tensor v = at::arange(memory * dim, at::kFloat).view({1, memory, dim});
  at::Tensor q = at::ones({1, 2, dim});
  for (int64_t chunk : {3, 16, 64}) {
    for (int64_t top_k : {1, 2, 5}) {
      MemoryAttentionOptions options;
      options.top_k = top_k;
      options.memory_chunk = chunk;
      const AttentionPart part = memory_attention(q, {MemorySpan{k, v, 0}}, options);
      EXPECT_TRUE(at::allclose(part.out, v.slice(1, 0, top_k).mean(1, true).expand({1, 2, dim})))
          << "k=" << top_k << " chunk " << chunk;
    }
  }
}

TEST(MemoryAttentionEdge, RejectsBadOptionsNamingTheField) {
  at::Tensor q = at::randn({2, 1, 4});
  MemoryStoreOptions store_options;
  store_options.num_kv_heads = 2;
  store_options.head_dim = 4;
  MemoryStore store(store_options);
  MemoryAttentionOptions options;
  options.top_k = -1;
  try {
    memory_attention(q, store, options);
    FAIL() << "negative top_k accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("mem_topk"), std::string::npos) << e.what();
  }
  options.top_k = 0;
  options.memory_chunk = 0;
  EXPECT_THROW(memory_attention(q, store, options), InputError);
  options.memory_chunk = 512;
  options.threads = -2;
  try {
    memory_attention(q, store, options);
    FAIL() << "negative threads accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'threads'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fot
