#include "models/llama/bf16_gemm.h"

#include <omp.h>
#include <oneapi/dnnl/dnnl.h>

#include <stdexcept>

#include <fmt/format.h>

#include "models/parallel_blocks.h"

// libdnnl exports this GEMM (bf16 inputs, fp32 accumulation and output) beside dnnl_sgemm, with
// the same row-major conventions, but its public header of this version does not declare it.
// bf16 values are passed as their 16-bit patterns.
extern "C" dnnl_status_t dnnl_gemm_bf16bf16f32(char transa, char transb, dnnl_dim_t M, dnnl_dim_t N, dnnl_dim_t K,
                                               float alpha, const uint16_t* A, dnnl_dim_t lda, const uint16_t* B,
                                               dnnl_dim_t ldb, float beta, float* C, dnnl_dim_t ldc);

namespace fot {

bool bf16_gemm_supported() {
  static const bool supported = __builtin_cpu_supports("avx512bf16");
  return supported;
}

at::Tensor bf16_linear(const at::Tensor& x_in, const at::Tensor& w_in) {
  if (!bf16_gemm_supported()) throw std::runtime_error("bf16_linear: this CPU lacks AVX512_BF16");
  if (x_in.dim() != 2 || w_in.dim() != 2 || x_in.size(1) != w_in.size(1) || x_in.scalar_type() != at::kFloat ||
      !(w_in.scalar_type() == at::kBFloat16 || w_in.scalar_type() == at::kHalf))
    throw std::invalid_argument("bf16_linear: x must be fp32 [T, in] and w bf16 or fp16 [out, in]");
  const auto x = x_in.to(at::kBFloat16).contiguous();
  const auto w = w_in.to(at::kBFloat16).contiguous();
  const int64_t rows = x.size(0), in = x.size(1), out = w.size(0);
  auto y = at::empty({rows, out}, x_in.options());
  if (rows == 0 || out == 0) return y;
  const int previous = omp_get_max_threads();  // OpenMP's thread count belongs to the calling thread
  omp_set_num_threads(static_cast<int>(default_block_threads()));
  const dnnl_status_t status =
      dnnl_gemm_bf16bf16f32('N', 'T', rows, out, in, 1.0f, static_cast<const uint16_t*>(x.data_ptr()), in,
                            static_cast<const uint16_t*>(w.data_ptr()), in, 0.0f, y.data_ptr<float>(), out);
  omp_set_num_threads(previous);
  if (status != dnnl_success) throw std::runtime_error(fmt::format("oneDNN bf16 GEMM failed (status {})", int(status)));
  return y;
}

}  // namespace fot
