#include "models/llama/half_linear.h"

#include <sys/mman.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "models/llama/fp32_gemm.h"
#include "models/llama/half_kernels.h"
#include "models/parallel_blocks.h"

namespace fot {
namespace {

// kMaxHalfGemvRows (half_linear.h): measured here on a 8640 x 3200 bf16 matrix, 8 rows in two
// passes of half_gemv took about half the time of converting the matrix for the GEMM.
// Weights are converted into a reused buffer of this size, which mostly stays in the last-level
// cache until the GEMM reads it. Smaller panels mean more GEMM calls, each starting BLAS's threads:
// with panels of output rows, 512 rows of activations and an 8640 x 3200 matrix, 12 MiB gave
// 0.97-0.98 of the fp32 product's speed in side-by-side runs, 2 and 64 MiB 0.7-1.3. Panels now
// split the input dimension instead (weights_bench prefill 2048: 0.93-0.94 of fp32-held against
// 0.87-0.90 with row panels, two runs each; at 512 both spread 0.76-1.05 on this drifting VM).
constexpr int64_t kPanelBytes = int64_t{12} << 20;

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

// Column panels of w (every output row, `columns` inputs) into fp32 on the block threads.
void convert_columns(HalfKind kind, const uint16_t* w, int64_t ldw, float* out, int64_t rows, int64_t columns) {
  const int64_t threads = std::min<int64_t>(default_block_threads(), std::max<int64_t>(1, rows * columns >> 18));
  const int64_t per_thread = (rows + threads - 1) / threads;
  run_blocks(threads, threads, [&](int64_t block) {
    const int64_t first = block * per_thread, last = std::min(rows, first + per_thread);
    for (int64_t r = first; r < last; ++r) half_to_float(kind, w + r * ldw, out + r * columns, columns);
  });
}

// y = x w^T over panels of the input dimension: each panel's product adds into y, so the
// activations are packed once in all, where panels of output rows repacked them for every panel.
// A panel spans at least 256 inputs, so the GEMM's inner dimension stays long enough: for an LM
// head of 32000 rows that is a 32 MB buffer rather than kPanelBytes.
at::Tensor panel_gemm(const at::Tensor& x, const at::Tensor& w) {
  const int64_t rows = x.size(0), in = x.size(1), out = w.size(0);
  auto y = at::empty({rows, out}, x.options());
  const int64_t panel_columns = std::min(in, std::max<int64_t>(256, kPanelBytes / (4 * out) / 16 * 16));
  thread_local std::vector<float> buffer;
  if (static_cast<int64_t>(buffer.size()) < panel_columns * out) buffer.resize(panel_columns * out);
  const HalfKind kind = kind_of(w);
  for (int64_t first = 0; first < in; first += panel_columns) {
    const int64_t count = std::min(panel_columns, in - first);
    convert_columns(kind, half_data(w) + first, in, buffer.data(), out, count);
    auto panel = at::from_blob(buffer.data(), {out, count}, x.options());
    auto x_part = x.narrow(1, first, count);
    fp32_gemm(x_part, panel, y, first != 0);
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
