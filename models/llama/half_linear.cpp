#include "models/llama/half_linear.h"

#include <sys/mman.h>

#include <algorithm>
#include <stdexcept>

#include <ATen/Parallel.h>

#include "models/llama/fp32_gemm.h"
#include "models/llama/half_kernels.h"
#include "models/parallel_blocks.h"

namespace fot {
namespace {

// kMaxHalfGemvRows (half_linear.h): measured here on a 8640 x 3200 bf16 matrix, 8 rows in two
// passes of half_gemv took about half the time of converting the matrix for the GEMM.
// Weights are converted into fp32 panels of whole rows (the full inner dimension) of up to this
// size, in memory the process keeps (models/llama/reused_memory.h): every OpenLLaMA-3B layer matrix
// is one panel, so the GEMM runs the shape the fp32 weights would and the fp32 GEMM backend choice
// (fp32_gemm.h) sees that shape. Converting costs one pass over memory, a few percent of the
// product at 512 rows. Earlier panels of 12 MiB cut the inner dimension to 256-980: a 4-layer
// prefill ran at 0.68-0.70 of the fp32 GEMM rate, with oneDNN's OpenMP threads and the block
// threads handing the cores back and forth at every panel (docs/performance-whole-model.md).
constexpr int64_t kPanelBytes = int64_t{128} << 20;

HalfKind kind_of(const at::Tensor& w) {
  if (w.scalar_type() == at::kBFloat16) return HalfKind::kBFloat16;
  if (w.scalar_type() == at::kHalf) return HalfKind::kFloat16;
  throw std::invalid_argument("half precision kernels take bfloat16 or float16 tensors");
}

const uint16_t* half_data(const at::Tensor& w) { return static_cast<const uint16_t*>(w.data_ptr()); }

// Contiguous row ranges of w (multiples of 16 rows), one per block thread: each streams its own part.
at::Tensor gemv_rows(const at::Tensor& x, const at::Tensor& w) {
  const int64_t rows = x.size(0), in = x.size(1), out = w.size(0);
  auto y = at::empty({rows, out}, x.options());
  const int64_t threads = std::min<int64_t>(default_block_threads(), std::max<int64_t>(1, out / 64));
  const int64_t per_thread = (out + threads - 1) / threads;
  const int64_t chunk = (per_thread + 15) / 16 * 16;
  const bool fp32 = w.scalar_type() == at::kFloat;
  const HalfKind kind = fp32 ? HalfKind::kBFloat16 : kind_of(w);
  run_blocks(threads, threads, [&](int64_t block) {
    const int64_t first = block * chunk, count = std::min(chunk, out - first);
    if (count <= 0) return;
    float* y_part = y.data_ptr<float>() + first;
    if (fp32)
      float_gemv(w.data_ptr<float>() + first * in, in, count, in, x.data_ptr<float>(), in, rows, y_part, out);
    else
      half_gemv(kind, half_data(w) + first * in, in, count, in, x.data_ptr<float>(), in, rows, y_part, out);
  });
  return y;
}

// `rows` whole rows of w into fp32 (row-major, `in` per row). On ATen's OpenMP threads, not the
// block threads: oneDNN's GEMM runs on the same OpenMP team right after, whose threads spin for a
// while after each parallel region and would compete with a second set of threads for the cores.
void convert_rows(HalfKind kind, const uint16_t* w, int64_t in, float* out, int64_t rows) {
  const int64_t min_rows = std::max<int64_t>(1, (int64_t{1} << 18) / in);
  at::parallel_for(0, rows, min_rows, [&](int64_t first, int64_t last) {
    half_to_float(kind, w + first * in, out + first * in, (last - first) * in);
  });
}

// y = x w^T over panels of whole output rows of w, each converted to fp32 and multiplied in one
// GEMM; a matrix of at most kPanelBytes in fp32 is a single panel (an LM head of 32000 x 3200 is four).
at::Tensor panel_gemm(const at::Tensor& x, const at::Tensor& w) {
  const int64_t rows = x.size(0), in = x.size(1), out = w.size(0);
  auto y = at::empty({rows, out}, x.options());
  const int64_t panel_rows = std::min(out, std::max<int64_t>(16, kPanelBytes / (4 * in) / 16 * 16));
  auto panel = at::empty({panel_rows, in}, x.options());
  const HalfKind kind = kind_of(w);
  for (int64_t first = 0; first < out; first += panel_rows) {
    const int64_t count = std::min(panel_rows, out - first);
    auto w_part = panel.narrow(0, 0, count);
    convert_rows(kind, half_data(w) + first * in, in, w_part.data_ptr<float>(), count);
    if (count == out) {
      fp32_gemm(x, w_part, y);
    } else {
      auto y_part = at::empty({rows, count}, x.options());
      fp32_gemm(x, w_part, y_part);
      y.narrow(1, first, count).copy_(y_part);
    }
  }
  return y;
}

// Zeroed memory in its own mapping with a huge-page hint (one fault per 2 MiB instead of per
// 4 KiB when the kernel grants it); the ordinary allocator if the mapping fails.
at::Tensor empty_huge_page_tensor(at::IntArrayRef sizes, at::ScalarType dtype) {
  constexpr size_t kHugePage = size_t{2} << 20;
  const size_t bytes = static_cast<size_t>(c10::multiply_integers(sizes)) * c10::elementSize(dtype);
  if (bytes < kHugePage) return at::empty(sizes, dtype);
  const size_t mapped = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* data = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED) return at::empty(sizes, dtype);
  madvise(data, mapped, MADV_HUGEPAGE);
  return at::from_blob(
      data, sizes, [mapped](void* p) { munmap(p, mapped); }, at::TensorOptions().dtype(dtype));
}

}  // namespace

bool is_half_weight(const at::Tensor& w) {
  return w.scalar_type() == at::kBFloat16 || w.scalar_type() == at::kHalf;
}

at::Tensor half_linear(const at::Tensor& x_in, const at::Tensor& w_in) {
  if (x_in.dim() != 2 || w_in.dim() != 2 || x_in.size(1) != w_in.size(1) || x_in.scalar_type() != at::kFloat)
    throw std::invalid_argument("half_linear: x must be fp32 [T, in] and w [out, in]");
  const auto x = x_in.contiguous();
  const auto w = w_in.contiguous();
  if (x.size(0) == 0 || w.size(0) == 0 || x.size(1) == 0) return at::mm(x, w.to(at::kFloat).t());
  return x.size(0) <= kMaxHalfGemvRows ? gemv_rows(x, w) : panel_gemm(x, w);
}

at::Tensor few_rows_linear(const at::Tensor& x_in, const at::Tensor& w_in) {
  if (x_in.dim() != 2 || w_in.dim() != 2 || x_in.size(1) != w_in.size(1) || x_in.scalar_type() != at::kFloat ||
      x_in.size(0) > kMaxFloatGemvRows || !(w_in.scalar_type() == at::kFloat || is_half_weight(w_in)))
    throw std::invalid_argument("few_rows_linear: x must be fp32 [T <= 4, in] and w [out, in]");
  return gemv_rows(x_in.contiguous(), w_in.contiguous());
}

at::Tensor half_to_float_tensor(const at::Tensor& t_in) {
  const auto t = t_in.contiguous();
  const HalfKind kind = kind_of(t);
  auto out = empty_huge_page_tensor(t.sizes(), at::kFloat);
  const int64_t n = t.numel();
  constexpr int64_t kBlock = int64_t{4} << 20;  // elements per block of work
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  run_blocks(blocks, 0, [&](int64_t block) {
    const int64_t first = block * kBlock;
    half_to_float_streaming(kind, half_data(t) + first, out.data_ptr<float>() + first, std::min(kBlock, n - first));
  });
  return out;
}

}  // namespace fot
