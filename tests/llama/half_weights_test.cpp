// Weights held in bf16 or fp16 give the logits of the same weights converted to fp32, within
// fp32 summation-order differences (1e-5 relative), in prefill and in decoding; the kernels
// behind that against LibTorch's own conversion and fp32 matmul.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <vector>

#include "models/checkpoint/checkpoint.h"
#include "models/checkpoint/mapped_tensor.h"
#include "models/llama/half_kernels.h"
#include "models/llama/half_linear.h"
#include "models/llama/llama_model.h"
#include "tests/llama/tiny_llama_forms.h"

namespace fot {
namespace {

using test::relative_error;

// The checkpoint with every tensor converted to fp32 by LibTorch: the reference weights.
Checkpoint converted_by_libtorch(const Checkpoint& checkpoint) {
  Checkpoint copy = checkpoint;
  for (auto& [name, tensor] : copy.tensors) tensor = tensor.to(at::kFloat);
  return copy;
}

Checkpoint load_form(const std::string& form) { return test::load_tiny_llama_form(form); }

// Row t: logits after feeding tokens[0..t] one at a time through the cache.
at::Tensor decoded_logits(LlamaModel& model, const std::vector<int32_t>& tokens) {
  auto cache = model.make_cache();
  std::vector<at::Tensor> rows;
  for (int32_t token : tokens) rows.push_back(model.forward({token}, cache, LogitsFor::kLast));
  return at::cat(rows, 0);
}

const std::vector<int32_t> kTokens = {1, 17, 5, 88, 42, 3, 60, 61, 9, 30, 2, 77, 45, 19, 96, 8, 33};

TEST(HalfWeights, StoredHalfModelsGiveTheLogitsOfTheirFp32Conversion) {
  for (const char* form : {"untied_bf16_safetensors", "untied_f16_safetensors"}) {
    SCOPED_TRACE(form);
    const auto checkpoint = load_form(form);
    ASSERT_TRUE(checkpoint.tensors.at("model.layers.0.mlp.up_proj.weight").scalar_type() != at::kFloat);
    LlamaModel half(checkpoint, "");
    LlamaModel reference(converted_by_libtorch(checkpoint), "");
    // Prefill: 17 rows (panels + fp32 GEMM), 3 rows (the direct kernel), then decoding row by row.
    auto cache_half = half.make_cache(), cache_ref = reference.make_cache();
    EXPECT_LE(relative_error(half.forward(kTokens, cache_half, LogitsFor::kAll),
                             reference.forward(kTokens, cache_ref, LogitsFor::kAll)),
              1e-5);
    const std::vector<int32_t> three = {4, 50, 71};
    EXPECT_LE(relative_error(half.forward(three, cache_half, LogitsFor::kAll),
                             reference.forward(three, cache_ref, LogitsFor::kAll)),
              1e-5);
    EXPECT_LE(relative_error(decoded_logits(half, kTokens), decoded_logits(reference, kTokens)), 1e-5);
  }
}

TEST(HalfWeights, LoadingIntoFp32ConvertsExactlyAndReleasesTheMappedPages) {
  for (const char* form : {"untied_bf16_safetensors", "untied_f16_safetensors"}) {
    SCOPED_TRACE(form);
    const auto checkpoint = load_form(form);
    LlamaModel converted(checkpoint, "float32");
    LlamaModel reference(converted_by_libtorch(checkpoint), "");
    auto a = converted.make_cache(), b = reference.make_cache();
    EXPECT_TRUE(at::equal(converted.forward(kTokens, a, LogitsFor::kAll), reference.forward(kTokens, b, LogitsFor::kAll)));
    // The released pages read back from the file: the mapped views still hold the stored weights.
    const auto fresh = load_form(form);
    for (const auto& [name, tensor] : checkpoint.tensors) EXPECT_TRUE(at::equal(tensor, fresh.tensors.at(name))) << name;
  }
}

TEST(HalfWeights, ReleasingPagesTouchesOnlyMappedViews) {
  const auto checkpoint = load_form("untied_bf16_safetensors");
  const auto& mapped = checkpoint.tensors.at("model.layers.0.mlp.up_proj.weight");
  const auto before = mapped.clone();
  EXPECT_TRUE(release_mapped_pages(mapped));
  EXPECT_TRUE(at::equal(mapped, before));
  auto heap = at::randn({4096, 64}).to(at::kBFloat16);  // 512 KiB: spans whole pages
  const auto heap_before = heap.clone();
  EXPECT_FALSE(release_mapped_pages(heap));
  EXPECT_TRUE(at::equal(heap, heap_before));
}

// Runs `check` once on each kernel path this CPU has (AVX-512, AVX2, plain C++), restoring the
// widest afterwards.
template <typename Check>
void on_every_kernel_path(const Check& check) {
  for (KernelPath path : {KernelPath::kWidest, KernelPath::kAvx2, KernelPath::kPlain}) {
    SCOPED_TRACE(::testing::Message() << "kernel path " << static_cast<int>(path));
    set_kernel_path(path);
    check();
  }
  set_kernel_path(KernelPath::kWidest);
}

// Sizes with tails for every vector width and several panels: in = 1003 (not a multiple of 8 or
// 16), out = 1100 rows (several 2 MiB panels of 1003 fp32 columns, and a partial last block).
TEST(HalfLinear, MatchesTheFp32ProductOfTheConvertedWeights) {
  at::manual_seed(3);
  for (at::ScalarType dtype : {at::kBFloat16, at::kHalf}) {
    const auto w = at::randn({1100, 1003}).mul_(0.05).to(dtype);
    const auto w32 = w.to(at::kFloat);
    on_every_kernel_path([&] {
      for (int64_t rows : {1, 2, 3, 4, 5, 7, 9, 64}) {
        SCOPED_TRACE(::testing::Message() << c10::toString(dtype) << " rows " << rows);
        const auto x = at::randn({rows, 1003});
        EXPECT_LE(relative_error(half_linear(x, w), at::mm(x.to(at::kDouble), w32.to(at::kDouble).t())), 1e-5);
      }
      // A non-contiguous x and a narrow output (fewer rows than a vector block).
      const auto x = at::randn({1003, 6}).t();
      EXPECT_LE(relative_error(half_linear(x, w.narrow(0, 0, 5)), at::mm(x, w32.narrow(0, 0, 5).t())), 1e-5);
    });
  }
}

// A matrix over 128 MiB in fp32 is converted in panels of whole rows (half_linear.cpp): 131120 x 256
// makes one panel of 131072 rows and one of 48. Output columns on both sides of the seam and at
// either end are checked against a double-precision product.
TEST(HalfLinear, MatrixLargerThanOnePanelIsMultipliedPanelByPanel) {
  at::manual_seed(6);
  const int64_t out = 131120, in = 256;
  const auto w = at::randn({out, in}).mul_(0.05).to(at::kBFloat16);
  const auto x = at::randn({9, in});
  const auto y = half_linear(x, w);
  ASSERT_EQ(y.sizes(), (std::vector<int64_t>{9, out}));
  for (int64_t first : {int64_t{0}, int64_t{131072 - 40}, out - 40}) {
    SCOPED_TRACE(::testing::Message() << "columns from " << first);
    const auto reference = at::mm(x.to(at::kDouble), w.narrow(0, first, 40).to(at::kDouble).t());
    EXPECT_LE(relative_error(y.narrow(1, first, 40), reference), 1e-5);
  }
}

// Decoding steps with fp32 weights read them through the same kernels; each output element is
// checked on its own against a double-precision product.
TEST(FewRowsLinear, MatchesTheDoublePrecisionProductForFp32AndHalfWeights) {
  at::manual_seed(4);
  for (at::ScalarType dtype : {at::kFloat, at::kBFloat16, at::kHalf}) {
    const auto w = at::randn({1100, 1003}).mul_(0.05).to(dtype);
    const auto w64 = w.to(at::kDouble);
    on_every_kernel_path([&] {
      for (int64_t rows = 1; rows <= kMaxFloatGemvRows; ++rows) {
        for (int64_t in : {int64_t{1}, int64_t{15}, int64_t{16}, int64_t{17}, int64_t{1003}}) {
          SCOPED_TRACE(::testing::Message() << c10::toString(dtype) << " rows " << rows << " in " << in);
          const auto x = at::randn({rows, in});
          const auto w_in = w.narrow(1, 0, in).contiguous();
          const auto ours = few_rows_linear(x, w_in).to(at::kDouble);
          const auto exact = at::mm(x.to(at::kDouble), w64.narrow(1, 0, in).t());
          // Summation-order error bound per element: in * eps * sum |x_k w_k|.
          const auto bound = at::mm(x.abs().to(at::kDouble), w64.narrow(1, 0, in).abs().t()).mul_(in * 6e-8);
          EXPECT_TRUE(at::all((ours - exact).abs() <= bound + 1e-30).item<bool>());
        }
      }
    });
  }
  EXPECT_THROW(few_rows_linear(at::randn({kMaxFloatGemvRows + 1, 8}), at::randn({4, 8})), std::invalid_argument);
}

TEST(HalfLinear, ConversionToFp32IsExactForEveryValue) {
  // Every 16-bit pattern once: normals, subnormals, zeros, infinities, NaNs.
  auto bits = at::arange(0, 65536, at::kInt).to(at::kShort);
  for (at::ScalarType dtype : {at::kBFloat16, at::kHalf}) {
    SCOPED_TRACE(c10::toString(dtype));
    const auto half = bits.view(dtype);
    const auto ours = half_to_float_tensor(half), theirs = half.to(at::kFloat);
    const auto nan = theirs.isnan();
    EXPECT_TRUE(at::equal(ours.isnan(), nan));
    EXPECT_TRUE(at::equal(ours.masked_fill(nan, 0), theirs.masked_fill(nan, 0)));
    EXPECT_TRUE(at::equal(ours.signbit(), theirs.signbit()));  // -0 stays -0
  }
}

}  // namespace
}  // namespace fot
