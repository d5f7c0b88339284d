// Every fp32 GEMM backend, and the measured choice between them, gives LibTorch's product within
// fp32 summation-order differences, for the layouts the model passes (column slices, accumulate).
#include <gtest/gtest.h>

#include "models/llama/fp32_gemm.h"
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
  const auto slice = x.narrow(1, 64, 128);  // row stride 256, as panel_gemm passes it
  const auto product = at::mm(slice.to(at::kDouble), w.to(at::kDouble).t());
  auto y = base.clone();
  fp32_gemm(slice, w, y, /*accumulate=*/true);
  EXPECT_LE(relative_error(y, product + base.to(at::kDouble)), 1e-6);
  fp32_gemm(slice, w, y);  // the shape's backend is chosen now; the same call again
  EXPECT_LE(relative_error(y, product), 1e-6);
}

TEST(Fp32Gemm, RefusesMismatchedShapes) {
  auto y = at::empty({4, 5});
  EXPECT_THROW(fp32_gemm(at::randn({4, 3}), at::randn({5, 2}), y), std::invalid_argument);
}

}  // namespace
}  // namespace fot
