// One query per head over key/value rows read by the matrix-vector kernels, against a plain double
// precision softmax over the same keys, on every kernel path this CPU has.
#include "models/llama/single_query_attention.h"

#include <gtest/gtest.h>

#include <limits>

#include "models/llama/half_kernels.h"

namespace fot {
namespace {

// Rows [offset, offset + n) of `total` positions for each part; positions `hidden` marks get no
// weight unless the clamp lifts them.
AttentionPart naive(const at::Tensor& q, const std::vector<KeyValueRows>& rows, int64_t total, const at::Tensor& hidden,
                    double clamp_min) {
  const int64_t heads = q.size(0), d = q.size(2);
  auto scores = at::full({heads, total}, -std::numeric_limits<double>::infinity(), at::kDouble);
  auto values = at::zeros({heads, total, d}, at::kDouble);
  for (const auto& part : rows) {
    const int64_t group = heads / part.keys.size(0), n = part.keys.size(1);
    const auto k = part.keys.to(at::kDouble).repeat_interleave(group, 0);
    const auto v = part.values.to(at::kDouble).repeat_interleave(group, 0);
    scores.narrow(1, part.offset, n).copy_(at::bmm(q.to(at::kDouble), k.transpose(1, 2)).squeeze(1).div(std::sqrt(d)));
    values.narrow(1, part.offset, n).copy_(v);
  }
  if (hidden.defined()) scores.masked_fill_(hidden, -std::numeric_limits<double>::infinity());
  scores.clamp_min_(clamp_min);
  const auto p = at::softmax(scores, -1);
  return {at::bmm(p.unsqueeze(1), values), at::logsumexp(scores, -1, true)};
}

TEST(SingleQueryAttention, MatchesADoublePrecisionSoftmaxOverEveryPart) {
  at::manual_seed(5);
  for (at::ScalarType dtype : {at::kFloat, at::kBFloat16, at::kHalf}) {
    for (int64_t d : {int64_t{4}, int64_t{100}, int64_t{136}}) {
      // 6 query heads over 2 kv heads; parts at 0..36 and 37..86.
      const auto q = at::randn({6, 1, d});
      std::vector<KeyValueRows> rows;
      for (auto [offset, n] : {std::pair<int64_t, int64_t>{0, 37}, {37, 50}})
        rows.push_back({at::randn({2, n, d}).to(dtype), at::randn({2, n, d}).to(dtype), offset});
      const int64_t total = 87;
      auto hidden = at::zeros({1, total}, at::kBool);
      hidden.narrow(1, 10, 5).fill_(true);
      for (bool hide : {false, true}) {
        const auto mask = hide ? hidden : at::Tensor();
        // A clamp above some scores: those keys then weigh the same as each other.
        for (double clamp : {-1e6, -0.5}) {
          const auto want = naive(q, rows, total, mask, clamp);
          set_kernel_path(KernelPath::kWidest);
          for (KernelPath path : {KernelPath::kWidest, KernelPath::kAvx2, KernelPath::kPlain}) {
            SCOPED_TRACE(::testing::Message() << c10::toString(dtype) << " D " << d << " hidden " << hide << " clamp "
                                              << clamp << " path " << static_cast<int>(path));
            set_kernel_path(path);
            const auto got = single_query_attention(q, rows, total, mask, static_cast<float>(clamp));
            EXPECT_TRUE(at::allclose(got.out.to(at::kDouble), want.out, 1e-5, 1e-5))
                << (got.out.to(at::kDouble) - want.out).abs().max().item<double>();
            EXPECT_TRUE(at::allclose(got.lse.to(at::kDouble), want.lse, 1e-5, 1e-5));
          }
          set_kernel_path(KernelPath::kWidest);
        }
      }
    }
  }
}

TEST(SingleQueryAttention, RejectsRowsThatDoNotFit) {
  const auto q = at::randn({4, 1, 8});
  EXPECT_THROW(single_query_attention(q, {{at::randn({2, 5, 8}), at::randn({2, 5, 8}), 3}}, 8), std::invalid_argument);
  EXPECT_THROW(single_query_attention(q, {{at::randn({2, 5, 8}), at::randn({2, 5, 8}), 0}}, 7), std::invalid_argument);
  EXPECT_THROW(single_query_attention(q, {{at::randn({3, 5, 8}), at::randn({3, 5, 8}), 0}}, 5), std::invalid_argument);
  EXPECT_THROW(single_query_attention(at::randn({4, 2, 8}), {}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace fot
