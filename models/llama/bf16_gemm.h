// compute_dtype: bfloat16 for the linear layers: activations rounded to bf16 (round to nearest
// even), multiplied with bf16 weights on AVX512_BF16 dot products (oneDNN's bf16 GEMM), fp32
// accumulation and output. Opt-in and inexact: the activations lose their low 16 bits.
#pragma once

#include <ATen/ATen.h>

namespace fot {

// True when this CPU runs AVX512_BF16 (the products would otherwise be emulated, slower than fp32).
bool bf16_gemm_supported();

// x [T, in] fp32 times w^T, w [out, in] bf16 or fp16 (fp16 weights are rounded to bf16 per call);
// fp32 [T, out]. Throws std::runtime_error where !bf16_gemm_supported().
at::Tensor bf16_linear(const at::Tensor& x, const at::Tensor& w);

}  // namespace fot
