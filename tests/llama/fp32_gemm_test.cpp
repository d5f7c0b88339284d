// Every fp32 GEMM backend, and the measured choice between them, gives LibTorch's product (in
// double) within fp32 summation-order differences, for the layouts the model passes (column
// slices, accumulate, attention's one-thread products).
#include <gtest/gtest.h>

#include <vector>

#include "models/llama/fp32_gemm.h"
#include "models/parallel_blocks.h"
#include "tests/llama/tiny_llama_forms.h"

namespace fot {
namespace {

using test::relative_error;

TEST(Fp32Gemm, EveryBackendGivesLibTorchsProduct) {
  at::manual_seed(3);
  const auto backends = fp32_gemm_backends();
  ASSERT_EQ(backends.size(), 2u);
  for (int64_t rows : {1, 7, 64, 300}) {
    auto x = at::randn({rows, 96}), w = at::randn({130, 96});
    const auto reference = at::mm(x.to(at::kDouble), w.to(at::kDouble).t());
    for (const auto& backend : backends) {
      SCOPED_TRACE(backend.name + " rows " + std::to_string(rows));
      auto y = at::full({rows, 130}, 7.0f);
      backend.multiply(x, w, y);
      EXPECT_LE(relative_error(y, reference), 1e-6);
    }
  }
}

TEST(Fp32Gemm, ChosenBackendHandlesColumnSlicesAndAccumulates) {
  at::manual_seed(4);
  auto x = at::randn({600, 256}), w = at::randn({200, 128}), base = at::randn({600, 200});
  const auto slice = x.narrow(1, 64, 128);  // row stride 256: a column slice
  const auto product = at::mm(slice.to(at::kDouble), w.to(at::kDouble).t());
  auto y = base.clone();
  fp32_gemm(slice, w, y, /*accumulate=*/true);
  EXPECT_LE(relative_error(y, product + base.to(at::kDouble)), 1e-6);
  fp32_gemm(slice, w, y);  // the shape's backend is chosen now; the same call again
  EXPECT_LE(relative_error(y, product), 1e-6);
}

// Attention's per-head products: keys as rows (y = x k^T), values as columns (y = x v), with row
// strides wider than the row, on both block threads at once; large enough (over 2^22
// multiply-adds) for the measured choice, small enough to stay on OpenBLAS.
TEST(Fp32Gemm, OneThreadProductsGiveLibTorchsProductOnBlockThreads) {
  at::manual_seed(5);
  const auto keys = at::randn({300, 128}).narrow(1, 0, 100);    // [N, K], row stride 128
  const auto values = at::randn({300, 120}).narrow(1, 0, 100);  // [K, N], row stride 120
  for (int64_t rows : {256, 12}) {
    SCOPED_TRACE("rows " + std::to_string(rows));
    const auto q = at::randn({rows, 100}), p = at::randn({rows, 300});
    const auto scores_ref = at::mm(q.to(at::kDouble), keys.to(at::kDouble).t());
    const auto out_ref = at::mm(p.to(at::kDouble), values.to(at::kDouble));
    std::vector<at::Tensor> scores(4), outs(4);
    run_blocks(4, 2, [&](int64_t i) {
      scores[i] = at::empty({rows, 300});
      outs[i] = at::empty({rows, 100});
      fp32_gemm_one_thread(q, keys, GemmOperand::kWeightRows, scores[i]);
      fp32_gemm_one_thread(p, values, GemmOperand::kColumns, outs[i]);
    });
    for (int i = 0; i < 4; ++i) {
      EXPECT_LE(relative_error(scores[i], scores_ref), 1e-6);
      EXPECT_LE(relative_error(outs[i], out_ref), 1e-6);
    }
  }
}

TEST(Fp32Gemm, RefusesMismatchedShapes) {
  auto y = at::empty({4, 5});
  EXPECT_THROW(fp32_gemm(at::randn({4, 3}), at::randn({5, 2}), y), std::invalid_argument);
  EXPECT_THROW(fp32_gemm_one_thread(at::randn({4, 3}), at::randn({3, 4}), GemmOperand::kColumns, y),
               std::invalid_argument);
}

}  // namespace
}  // namespace fot
