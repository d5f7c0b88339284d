#include "models/llama/half_kernels.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FOT_HALF_X86 1
#endif

namespace fot {
namespace {

float bf16_to_float(uint16_t h) {
  const uint32_t bits = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// IEEE binary16 -> binary32, subnormals, infinities and NaNs included.
float fp16_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t exponent = (h >> 10) & 0x1fu;
  uint32_t mantissa = h & 0x3ffu;
  uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {  // subnormal: normalise
    exponent = 113;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      --exponent;
    }
    bits = sign | (exponent << 23) | ((mantissa & 0x3ffu) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

template <bool kBf16>
float scalar(uint16_t h) {
  return kBf16 ? bf16_to_float(h) : fp16_to_float(h);
}

template <bool kBf16>
void convert_plain(const uint16_t* src, float* dst, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] = scalar<kBf16>(src[i]);
}

template <bool kBf16>
void gemv_plain(const uint16_t* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x, int64_t ldx,
                int64_t x_rows, float* y, int64_t ldy) {
  for (int64_t o = 0; o < out_rows; ++o) {
    for (int64_t t = 0; t < x_rows; ++t) {
      float sum = 0.0f;
      for (int64_t k = 0; k < in; ++k) sum += x[t * ldx + k] * scalar<kBf16>(w[o * ldw + k]);
      y[t * ldy + o] = sum;
    }
  }
}

#ifdef FOT_HALF_X86

#define FOT_AVX2 __attribute__((target("avx2,fma,f16c")))

template <bool kBf16>
FOT_AVX2 inline __m256 load8(const uint16_t* p) {
  const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  if (kBf16) return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
  return _mm256_cvtph_ps(h);
}

FOT_AVX2 inline float horizontal_sum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

template <bool kBf16>
FOT_AVX2 void convert_avx2(const uint16_t* src, float* dst, int64_t n) {
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256 a = load8<kBf16>(src + i), b = load8<kBf16>(src + i + 8);
    const __m256 c = load8<kBf16>(src + i + 16), d = load8<kBf16>(src + i + 24);
    _mm256_storeu_ps(dst + i, a);
    _mm256_storeu_ps(dst + i + 8, b);
    _mm256_storeu_ps(dst + i + 16, c);
    _mm256_storeu_ps(dst + i + 24, d);
  }
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, load8<kBf16>(src + i));
  for (; i < n; ++i) dst[i] = scalar<kBf16>(src[i]);
}

template <bool kBf16>
FOT_AVX2 void convert_streaming_avx2(const uint16_t* src, float* dst, int64_t n) {
  int64_t i = 0;
  for (; i < n && (reinterpret_cast<uintptr_t>(dst + i) & 31) != 0; ++i) dst[i] = scalar<kBf16>(src[i]);
  for (; i + 32 <= n; i += 32) {
    const __m256 a = load8<kBf16>(src + i), b = load8<kBf16>(src + i + 8);
    const __m256 c = load8<kBf16>(src + i + 16), d = load8<kBf16>(src + i + 24);
    _mm256_stream_ps(dst + i, a);
    _mm256_stream_ps(dst + i + 8, b);
    _mm256_stream_ps(dst + i + 16, c);
    _mm256_stream_ps(dst + i + 24, d);
  }
  _mm_sfence();
  for (; i < n; ++i) dst[i] = scalar<kBf16>(src[i]);
}

// kRows weight rows against kX activation rows at once: kRows * kX independent fp32 accumulators,
// each weight vector converted once and used kX times.
template <bool kBf16, int kX, int kRows>
FOT_AVX2 void gemv_block(const uint16_t* w, int64_t ldw, int64_t in, const float* x, int64_t ldx, float* y,
                         int64_t ldy) {
  __m256 acc[kRows][kX];
  for (int r = 0; r < kRows; ++r)
    for (int t = 0; t < kX; ++t) acc[r][t] = _mm256_setzero_ps();
  int64_t k = 0;
  for (; k + 8 <= in; k += 8) {
    __m256 xv[kX];
    for (int t = 0; t < kX; ++t) xv[t] = _mm256_loadu_ps(x + t * ldx + k);
    for (int r = 0; r < kRows; ++r) {
      const __m256 wv = load8<kBf16>(w + r * ldw + k);
      for (int t = 0; t < kX; ++t) acc[r][t] = _mm256_fmadd_ps(wv, xv[t], acc[r][t]);
    }
  }
  for (int r = 0; r < kRows; ++r) {
    for (int t = 0; t < kX; ++t) {
      float sum = horizontal_sum(acc[r][t]);
      for (int64_t j = k; j < in; ++j) sum += x[t * ldx + j] * scalar<kBf16>(w[r * ldw + j]);
      y[t * ldy + r] = sum;
    }
  }
}

template <bool kBf16, int kX>
FOT_AVX2 void gemv_x_rows(const uint16_t* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x, int64_t ldx,
                          float* y, int64_t ldy) {
  // Accumulators + activations + one weight vector stay within the 16 ymm registers.
  constexpr int kRows = kX == 1 ? 8 : kX == 2 ? 4 : kX == 3 ? 3 : 2;
  int64_t o = 0;
  for (; o + kRows <= out_rows; o += kRows) gemv_block<kBf16, kX, kRows>(w + o * ldw, ldw, in, x, ldx, y + o, ldy);
  for (; o < out_rows; ++o) gemv_block<kBf16, kX, 1>(w + o * ldw, ldw, in, x, ldx, y + o, ldy);
}

template <bool kBf16>
FOT_AVX2 void gemv_avx2(const uint16_t* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x, int64_t ldx,
                        int64_t x_rows, float* y, int64_t ldy) {
  for (int64_t t = 0; t < x_rows; t += 4) {
    const float* xt = x + t * ldx;
    float* yt = y + t * ldy;
    switch (std::min<int64_t>(4, x_rows - t)) {
      case 1: gemv_x_rows<kBf16, 1>(w, ldw, out_rows, in, xt, ldx, yt, ldy); break;
      case 2: gemv_x_rows<kBf16, 2>(w, ldw, out_rows, in, xt, ldx, yt, ldy); break;
      case 3: gemv_x_rows<kBf16, 3>(w, ldw, out_rows, in, xt, ldx, yt, ldy); break;
      default: gemv_x_rows<kBf16, 4>(w, ldw, out_rows, in, xt, ldx, yt, ldy); break;
    }
  }
}

bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                          __builtin_cpu_supports("f16c");
  return has;
}

#else

bool cpu_has_avx2() { return false; }

#endif

}  // namespace

bool half_kernels_vectorised() { return cpu_has_avx2(); }

void half_to_float(HalfKind kind, const uint16_t* src, float* dst, int64_t n) {
  const bool bf16 = kind == HalfKind::kBFloat16;
#ifdef FOT_HALF_X86
  if (cpu_has_avx2()) return bf16 ? convert_avx2<true>(src, dst, n) : convert_avx2<false>(src, dst, n);
#endif
  bf16 ? convert_plain<true>(src, dst, n) : convert_plain<false>(src, dst, n);
}

void half_to_float_streaming(HalfKind kind, const uint16_t* src, float* dst, int64_t n) {
  const bool bf16 = kind == HalfKind::kBFloat16;
#ifdef FOT_HALF_X86
  if (cpu_has_avx2())
    return bf16 ? convert_streaming_avx2<true>(src, dst, n) : convert_streaming_avx2<false>(src, dst, n);
#endif
  bf16 ? convert_plain<true>(src, dst, n) : convert_plain<false>(src, dst, n);
}

void half_gemv(HalfKind kind, const uint16_t* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x,
               int64_t ldx, int64_t x_rows, float* y, int64_t ldy) {
  const bool bf16 = kind == HalfKind::kBFloat16;
#ifdef FOT_HALF_X86
  if (cpu_has_avx2())
    return bf16 ? gemv_avx2<true>(w, ldw, out_rows, in, x, ldx, x_rows, y, ldy)
                : gemv_avx2<false>(w, ldw, out_rows, in, x, ldx, x_rows, y, ldy);
#endif
  bf16 ? gemv_plain<true>(w, ldw, out_rows, in, x, ldx, x_rows, y, ldy)
       : gemv_plain<false>(w, ldw, out_rows, in, x, ldx, x_rows, y, ldy);
}

}  // namespace fot
