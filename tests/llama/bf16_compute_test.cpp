// compute_dtype bfloat16: the product is that of the bf16-rounded activations and the bf16 weights
// (products of two bf16 values are exact in fp32, so LibTorch's fp32 product of the rounded inputs
// is the reference up to summation order); the model refuses it where it cannot run it (a CPU
// without AVX512_BF16, fp32 weights); decoding steps stay on the exact path.
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "models/checkpoint/checkpoint.h"
#include "models/llama/bf16_gemm.h"
#include "models/llama/llama_model.h"
#include "tests/llama/tiny_llama_forms.h"

namespace fot {
namespace {

using test::relative_error;
Checkpoint load_form(const std::string& form) { return test::load_tiny_llama_form(form); }

const std::vector<int32_t> kTokens = {1, 17, 5, 88, 42, 3, 60, 61, 9, 30, 2, 77, 45, 19, 96, 8, 33};

TEST(Bf16Compute, ParsesTheSettingAndNamesBadValues) {
  EXPECT_EQ(parse_compute_dtype(""), ComputeDtype::kFloat32);
  EXPECT_EQ(parse_compute_dtype("float32"), ComputeDtype::kFloat32);
  EXPECT_EQ(parse_compute_dtype("bfloat16"), ComputeDtype::kBFloat16);
  try {
    parse_compute_dtype("int8");
    ADD_FAILURE() << "int8 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'int8'"), std::string::npos) << e.what();
  }
}

TEST(Bf16Compute, ProductIsThatOfTheRoundedInputs) {
  if (!bf16_gemm_supported()) {
    EXPECT_THROW(bf16_linear(at::randn({16, 64}), at::randn({32, 64}).to(at::kBFloat16)), std::runtime_error);
    return;
  }
  at::manual_seed(5);
  for (auto dtype : {at::kBFloat16, at::kHalf}) {
    auto x = at::randn({37, 200}), w = at::randn({90, 200}).mul_(0.05).to(dtype);
    const auto reference =
        at::mm(x.to(at::kBFloat16).to(at::kDouble), w.to(at::kBFloat16).to(at::kDouble).t());
    EXPECT_LE(relative_error(bf16_linear(x, w), reference), 1e-5);
  }
}

TEST(Bf16Compute, ModelRefusesWhatItCannotRun) {
  const auto bf16 = load_form("untied_bf16_safetensors");
  if (!bf16_gemm_supported()) {
    EXPECT_THROW(LlamaModel(bf16, "", ComputeDtype::kBFloat16), InputError);
    return;
  }
  try {
    LlamaModel(bf16, "float32", ComputeDtype::kBFloat16);
    ADD_FAILURE() << "fp32 weights accepted with compute_dtype bfloat16";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("compute_dtype bfloat16"), std::string::npos) << e.what();
  }
}

// The deviation from the exact path is that of rounding activations to bf16 (8 bits of mantissa):
// far above summation order, far below a different model. Decoding steps are exact.
TEST(Bf16Compute, LogitsStayCloseToTheExactPathAndDecodingIsExact) {
  if (!bf16_gemm_supported()) GTEST_SKIP() << "this CPU lacks AVX512_BF16 (refusal tested above)";
  const auto checkpoint = load_form("untied_bf16_safetensors");
  LlamaModel exact(checkpoint, ""), bf16(checkpoint, "", ComputeDtype::kBFloat16);
  auto cache_exact = exact.make_cache(), cache_bf16 = bf16.make_cache();
  const double prefill = relative_error(bf16.forward(kTokens, cache_bf16, LogitsFor::kAll),
                                        exact.forward(kTokens, cache_exact, LogitsFor::kAll));
  EXPECT_GT(prefill, 1e-5);  // it is the bf16 path
  EXPECT_LT(prefill, 3e-2);
  // One-row steps run the exact kernel; their inputs (the caches) already differ by the prefill's rounding.
  auto cache_a = exact.make_cache(), cache_b = bf16.make_cache();
  const std::vector<int32_t> four = {4, 50, 71, 9};
  EXPECT_LE(relative_error(bf16.forward(four, cache_b, LogitsFor::kAll), exact.forward(four, cache_a, LogitsFor::kAll)),
            1e-5);
}

}  // namespace
}  // namespace fot
