// fp32 matrix products y = x w^T on whichever fp32 GEMM of this process is fastest for the shape:
// OpenBLAS (behind LibTorch) or oneDNN (which LibTorch links too). Measured here at M >= 512 rows,
// oneDNN's sgemm ran 1.8x OpenBLAS while OpenBLAS was pinned to its AVX2 kernels; where neither is
// clearly faster, OpenBLAS (the earlier path) stays. The choice is made once per shape class
// (output x input x power-of-two row bucket) from timing both on that first call; FOT_FP32_GEMM=
// openblas|onednn pins it (both accumulate in fp32; results differ by summation order only). Weights
// under 2^20 elements stay on OpenBLAS unless pinned, so small models give the same bits on every run.
#pragma once

#include <ATen/ATen.h>

#include <functional>
#include <string>
#include <vector>

namespace fot {

// y [M, N] = x [M, K] w^T (w [N, K]), plus y when `accumulate`. x may be a column slice (row
// stride >= K); w and y contiguous, all fp32. Runs on default_block_threads() threads.
void fp32_gemm(const at::Tensor& x, const at::Tensor& w, at::Tensor& y, bool accumulate = false);

// How fp32_gemm_one_thread gets its second operand: w [N, K] (y = x w^T) or b [K, N] (y = x b).
enum class GemmOperand { kWeightRows, kColumns };

// y [M, N] = x [M, K] times the second operand, on the calling thread only (products inside
// run_blocks blocks, such as attention's per-head products). x and b need unit column stride, y
// contiguous. The backend is chosen as fp32_gemm's, per shape class (power-of-two buckets of M, N
// and K), with products under 2^22 multiply-adds kept on OpenBLAS unless FOT_FP32_GEMM pins one.
void fp32_gemm_one_thread(const at::Tensor& x, const at::Tensor& b, GemmOperand operand, at::Tensor& y);

// Every fp32 GEMM the process can use, by name, for benchmarks that compare against them.
struct Fp32GemmBackend {
  std::string name;
  std::function<void(const at::Tensor& x, const at::Tensor& w, at::Tensor& y)> multiply;
};
std::vector<Fp32GemmBackend> fp32_gemm_backends();

}  // namespace fot
