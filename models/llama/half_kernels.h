// Kernels over half-precision (bf16 or fp16) weight rows with fp32 activations and fp32
// accumulation. No LibTorch: raw row-major arrays. Each picks AVX2 + FMA + F16C code at run time
// where the CPU has it, plain C++ otherwise; both accumulate in fp32, so results differ from an
// fp32 product of the converted weights only by summation order.
#pragma once

#include <cstdint>

namespace fot {

enum class HalfKind { kBFloat16, kFloat16 };

// dst[i] = float(src[i]) for i < n (exact: every bf16 and fp16 value is an fp32 value).
void half_to_float(HalfKind kind, const uint16_t* src, float* dst, int64_t n);

// The same for large arrays, written with streaming stores that bypass the cache (for a
// destination that will not be read again soon, such as weights converted at load).
void half_to_float_streaming(HalfKind kind, const uint16_t* src, float* dst, int64_t n);

// y[t * ldy + o] = sum_k x[t * ldx + k] * w[o * ldw + k] for t < x_rows, o < out_rows, k < in.
// Reads every weight once per group of up to 4 x rows: meant for decoding (1 or a few rows).
void half_gemv(HalfKind kind, const uint16_t* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x,
               int64_t ldx, int64_t x_rows, float* y, int64_t ldy);

// True when the AVX2 + FMA + F16C code runs on this CPU (for benchmarks' context lines).
bool half_kernels_vectorised();

}  // namespace fot
