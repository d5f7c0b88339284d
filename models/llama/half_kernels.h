// Kernels over weight rows stored in bf16, fp16 or fp32, with fp32 activations and fp32
// accumulation. No LibTorch: raw row-major arrays. Each picks AVX-512 or AVX2 + FMA + F16C code at
// run time where the CPU has it, plain C++ otherwise; all accumulate in fp32, so results differ from
// an fp32 product of the converted weights only by summation order.
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

// The same with fp32 weights. Decoding is bound by reading the weights: this streams them at about
// the rate of a plain read, where OpenBLAS's sgemv reached 0.3 of it here (scoring_bench).
void float_gemv(const float* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x, int64_t ldx,
                int64_t x_rows, float* y, int64_t ldy);

// out[j] += sum_t p[t] * v[t * ldv + j] for t < rows, j < dim: a weighted sum of value rows
// (one query's attention output), every row read once as stored.
void half_accumulate_rows(HalfKind kind, const uint16_t* v, int64_t ldv, int64_t rows, int64_t dim, const float* p,
                          float* out);
void float_accumulate_rows(const float* v, int64_t ldv, int64_t rows, int64_t dim, const float* p, float* out);

// True when the AVX2 + FMA + F16C code runs on this CPU (for benchmarks' context lines).
bool half_kernels_vectorised();

// True when the matrix-vector kernels use AVX-512.
bool kernels_use_avx512();

// The widest code the CPU runs is used unless this narrows it (tests cover every path this way on
// one machine). Not for use while kernels run on other threads.
enum class KernelPath { kWidest, kAvx2, kPlain };
void set_kernel_path(KernelPath path);

}  // namespace fot
