#include "models/llama/half_kernels.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <type_traits>
#include <vector>

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

std::atomic<KernelPath> chosen_path{KernelPath::kWidest};

// How weights are stored: the kernels below are written once for the three.
enum class Stored { kBFloat16, kFloat16, kFloat32 };

template <Stored kS>
using Element = std::conditional_t<kS == Stored::kFloat32, float, uint16_t>;

template <Stored kS>
float scalar(Element<kS> v) {
  if constexpr (kS == Stored::kFloat32) return v;
  else if constexpr (kS == Stored::kBFloat16) return bf16_to_float(v);
  else return fp16_to_float(v);
}

template <Stored kS>
void convert_plain(const uint16_t* src, float* dst, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] = scalar<kS>(src[i]);
}

template <Stored kS>
void gemv_plain(const Element<kS>* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x, int64_t ldx,
                int64_t x_rows, float* y, int64_t ldy) {
  for (int64_t o = 0; o < out_rows; ++o) {
    for (int64_t t = 0; t < x_rows; ++t) {
      float sum = 0.0f;
      for (int64_t k = 0; k < in; ++k) sum += x[t * ldx + k] * scalar<kS>(w[o * ldw + k]);
      y[t * ldy + o] = sum;
    }
  }
}

template <Stored kS>
void accumulate_rows_plain(const Element<kS>* v, int64_t ldv, int64_t rows, int64_t dim, const float* p, float* out) {
  for (int64_t t = 0; t < rows; ++t)
    for (int64_t j = 0; j < dim; ++j) out[j] += p[t] * scalar<kS>(v[t * ldv + j]);
}

#ifdef FOT_HALF_X86

#define FOT_AVX2 __attribute__((target("avx2,fma,f16c")))
#define FOT_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx2,fma,f16c")))

template <Stored kS>
FOT_AVX2 inline __m256 load8(const Element<kS>* p) {
  if constexpr (kS == Stored::kFloat32) {
    return _mm256_loadu_ps(p);
  } else {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    if constexpr (kS == Stored::kBFloat16) return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
    else return _mm256_cvtph_ps(h);
  }
}

FOT_AVX2 inline float horizontal_sum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

template <Stored kS>
FOT_AVX2 void convert_avx2(const uint16_t* src, float* dst, int64_t n) {
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256 a = load8<kS>(src + i), b = load8<kS>(src + i + 8);
    const __m256 c = load8<kS>(src + i + 16), d = load8<kS>(src + i + 24);
    _mm256_storeu_ps(dst + i, a);
    _mm256_storeu_ps(dst + i + 8, b);
    _mm256_storeu_ps(dst + i + 16, c);
    _mm256_storeu_ps(dst + i + 24, d);
  }
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, load8<kS>(src + i));
  for (; i < n; ++i) dst[i] = scalar<kS>(src[i]);
}

template <Stored kS>
FOT_AVX2 void convert_streaming_avx2(const uint16_t* src, float* dst, int64_t n) {
  int64_t i = 0;
  for (; i < n && (reinterpret_cast<uintptr_t>(dst + i) & 31) != 0; ++i) dst[i] = scalar<kS>(src[i]);
  for (; i + 32 <= n; i += 32) {
    const __m256 a = load8<kS>(src + i), b = load8<kS>(src + i + 8);
    const __m256 c = load8<kS>(src + i + 16), d = load8<kS>(src + i + 24);
    _mm256_stream_ps(dst + i, a);
    _mm256_stream_ps(dst + i + 8, b);
    _mm256_stream_ps(dst + i + 16, c);
    _mm256_stream_ps(dst + i + 24, d);
  }
  _mm_sfence();
  for (; i < n; ++i) dst[i] = scalar<kS>(src[i]);
}

// kRows weight rows against kX activation rows at once: kRows * kX independent fp32 accumulators,
// each weight vector converted once and used kX times.
template <Stored kS, int kX, int kRows>
FOT_AVX2 void gemv_block_avx2(const Element<kS>* w, int64_t ldw, int64_t in, const float* x, int64_t ldx, float* y,
                              int64_t ldy) {
  __m256 acc[kRows][kX];
  for (int r = 0; r < kRows; ++r)
    for (int t = 0; t < kX; ++t) acc[r][t] = _mm256_setzero_ps();
  int64_t k = 0;
  for (; k + 8 <= in; k += 8) {
    __m256 xv[kX];
    for (int t = 0; t < kX; ++t) xv[t] = _mm256_loadu_ps(x + t * ldx + k);
    for (int r = 0; r < kRows; ++r) {
      const __m256 wv = load8<kS>(w + r * ldw + k);
      for (int t = 0; t < kX; ++t) acc[r][t] = _mm256_fmadd_ps(wv, xv[t], acc[r][t]);
    }
  }
  for (int r = 0; r < kRows; ++r) {
    for (int t = 0; t < kX; ++t) {
      float sum = horizontal_sum(acc[r][t]);
      for (int64_t j = k; j < in; ++j) sum += x[t * ldx + j] * scalar<kS>(w[r * ldw + j]);
      y[t * ldy + r] = sum;
    }
  }
}

template <Stored kS, int kX>
FOT_AVX2 void gemv_x_rows_avx2(const Element<kS>* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x,
                               int64_t ldx, float* y, int64_t ldy) {
  // Accumulators + activations + one weight vector stay within the 16 ymm registers.
  constexpr int kRows = kX == 1 ? 8 : kX == 2 ? 4 : kX == 3 ? 3 : 2;
  int64_t o = 0;
  for (; o + kRows <= out_rows; o += kRows)
    gemv_block_avx2<kS, kX, kRows>(w + o * ldw, ldw, in, x, ldx, y + o, ldy);
  for (; o < out_rows; ++o) gemv_block_avx2<kS, kX, 1>(w + o * ldw, ldw, in, x, ldx, y + o, ldy);
}

// bf16 rows against one activation row. A 32-byte load holds 16 bf16 weights: its 32-bit lanes
// shifted left by 16 are the even-indexed weights as fp32, the same lanes with the low half cleared
// the odd-indexed ones. With the activations split once into even and odd lanes (split_even_odd),
// a step costs a shift, an and and two FMAs, without load8's widening shuffle per 8 weights.
template <int kBlock>
void split_even_odd(const float* x, int64_t in, float* even, float* odd) {
  const int64_t blocks = in / kBlock;
  for (int64_t b = 0; b < blocks; ++b)
    for (int i = 0; i < kBlock / 2; ++i) {
      even[b * kBlock / 2 + i] = x[b * kBlock + 2 * i];
      odd[b * kBlock / 2 + i] = x[b * kBlock + 2 * i + 1];
    }
}

template <int kRows>
FOT_AVX2 void gemv_bf16_pairs_block_avx2(const uint16_t* w, int64_t ldw, int64_t in, const float* x,
                                         const float* even, const float* odd, float* y) {
  __m256 acc[kRows];
  for (int r = 0; r < kRows; ++r) acc[r] = _mm256_setzero_ps();
  const __m256i high = _mm256_set1_epi32(static_cast<int>(0xFFFF0000u));
  int64_t k = 0;
  for (; k + 16 <= in; k += 16) {
    const __m256 e = _mm256_loadu_ps(even + k / 2), o = _mm256_loadu_ps(odd + k / 2);
    for (int r = 0; r < kRows; ++r) {
      // A cache line every other step; 512 bytes ahead as in gemv_block_avx512 (5-10% faster than
      // without, 3200-wide rows on two threads, a standalone comparison side by side).
      if ((k & 31) == 0) _mm_prefetch(reinterpret_cast<const char*>(w + r * ldw + k) + 512, _MM_HINT_T0);
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + r * ldw + k));
      acc[r] = _mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(v, 16)), e, acc[r]);
      acc[r] = _mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(v, high)), o, acc[r]);
    }
  }
  for (int r = 0; r < kRows; ++r) {
    float sum = horizontal_sum(acc[r]);
    for (int64_t j = k; j < in; ++j) sum += x[j] * bf16_to_float(w[r * ldw + j]);
    y[r] = sum;
  }
}

FOT_AVX2 void gemv_bf16_one_row_avx2(const uint16_t* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x,
                                     const float* even, const float* odd, float* y) {
  constexpr int kRows = 8;
  int64_t o = 0;
  for (; o + kRows <= out_rows; o += kRows)
    gemv_bf16_pairs_block_avx2<kRows>(w + o * ldw, ldw, in, x, even, odd, y + o);
  for (; o < out_rows; ++o) gemv_bf16_pairs_block_avx2<1>(w + o * ldw, ldw, in, x, even, odd, y + o);
}

// GCC 12's AVX-512 intrinsics fill don't-care operands with a self-initialised _mm512_undefined_*()
// and warn about it where they are inlined (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

template <Stored kS>
FOT_AVX2 void accumulate_rows_avx2(const Element<kS>* v, int64_t ldv, int64_t rows, int64_t dim, const float* p,
                                   float* out) {
  for (int64_t t = 0; t < rows; ++t) {
    const __m256 pv = _mm256_set1_ps(p[t]);
    int64_t j = 0;
    for (; j + 8 <= dim; j += 8)
      _mm256_storeu_ps(out + j, _mm256_fmadd_ps(load8<kS>(v + t * ldv + j), pv, _mm256_loadu_ps(out + j)));
    for (; j < dim; ++j) out[j] += p[t] * scalar<kS>(v[t * ldv + j]);
  }
}

// 16 weights into fp32; `mask` selects the first lanes of a row's tail (the rest read as 0).
template <Stored kS>
FOT_AVX512 inline __m512 load16(const Element<kS>* p, __mmask16 mask) {
  if constexpr (kS == Stored::kFloat32) {
    return _mm512_maskz_loadu_ps(mask, p);
  } else {
    const __m256i h = _mm256_maskz_loadu_epi16(mask, p);
    if constexpr (kS == Stored::kBFloat16) return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
    else return _mm512_cvtph_ps(h);
  }
}

template <Stored kS>
FOT_AVX512 inline __m512 load16(const Element<kS>* p) {
  if constexpr (kS == Stored::kFloat32) {
    return _mm512_loadu_ps(p);
  } else {
    const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    if constexpr (kS == Stored::kBFloat16) return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
    else return _mm512_cvtph_ps(h);
  }
}

FOT_AVX512 inline float horizontal_sum(__m512 v) {
  const __m256 high = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
  return horizontal_sum(_mm256_add_ps(_mm512_castps512_ps256(v), high));
}

// As gemv_block_avx2, 16 lanes wide; a row's tail goes through masked loads.
template <Stored kS, int kX, int kRows>
FOT_AVX512 void gemv_block_avx512(const Element<kS>* w, int64_t ldw, int64_t in, const float* x, int64_t ldx,
                                  float* y, int64_t ldy) {
  __m512 acc[kRows][kX];
  for (int r = 0; r < kRows; ++r)
    for (int t = 0; t < kX; ++t) acc[r][t] = _mm512_setzero_ps();
  int64_t k = 0;
  for (; k + 16 <= in; k += 16) {
    __m512 xv[kX];
    for (int t = 0; t < kX; ++t) xv[t] = _mm512_loadu_ps(x + t * ldx + k);
    for (int r = 0; r < kRows; ++r) {
      // Half-precision rows: each cache line is read over two steps; asking for the line 512 bytes
      // ahead streamed a 3200 x 8640 bf16 matrix at 1.15-1.25x the rate without, on two threads
      // (measured side by side; prefetching 1-4 KiB ahead, or into L2 only, gained less).
      if constexpr (kS != Stored::kFloat32)
        if ((k & 31) == 0) _mm_prefetch(reinterpret_cast<const char*>(w + r * ldw + k) + 512, _MM_HINT_T0);
      const __m512 wv = load16<kS>(w + r * ldw + k);
      for (int t = 0; t < kX; ++t) acc[r][t] = _mm512_fmadd_ps(wv, xv[t], acc[r][t]);
    }
  }
  if (k < in) {
    const __mmask16 mask = static_cast<__mmask16>((1u << (in - k)) - 1);
    __m512 xv[kX];
    for (int t = 0; t < kX; ++t) xv[t] = _mm512_maskz_loadu_ps(mask, x + t * ldx + k);
    for (int r = 0; r < kRows; ++r) {
      const __m512 wv = load16<kS>(w + r * ldw + k, mask);
      for (int t = 0; t < kX; ++t) acc[r][t] = _mm512_fmadd_ps(wv, xv[t], acc[r][t]);
    }
  }
  for (int r = 0; r < kRows; ++r)
    for (int t = 0; t < kX; ++t) y[t * ldy + r] = horizontal_sum(acc[r][t]);
}

template <Stored kS, int kX>
FOT_AVX512 void gemv_x_rows_avx512(const Element<kS>* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x,
                                   int64_t ldx, float* y, int64_t ldy) {
  // Within the 32 zmm registers. 16 rows in flight for one activation row streamed a bf16 matrix
  // at 1.1x the rate of 8 rows, 1.3x that of 4 (3200 x 8640, two threads, measured side by side).
  constexpr int kRows = kX == 1 ? 16 : kX == 2 ? 8 : kX == 3 ? 6 : 4;
  int64_t o = 0;
  for (; o + kRows <= out_rows; o += kRows)
    gemv_block_avx512<kS, kX, kRows>(w + o * ldw, ldw, in, x, ldx, y + o, ldy);
  for (; o < out_rows; ++o) gemv_block_avx512<kS, kX, 1>(w + o * ldw, ldw, in, x, ldx, y + o, ldy);
}

// Columns [0, 16 * kVectors) of out (the last vector masked to `last`) held in registers while
// every row is added in.
template <Stored kS, int kVectors>
FOT_AVX512 void accumulate_panel_avx512(const Element<kS>* v, int64_t ldv, int64_t rows, const float* p, float* out,
                                        __mmask16 last) {
  __m512 acc[kVectors];
  for (int j = 0; j < kVectors; ++j) acc[j] = _mm512_maskz_loadu_ps(j + 1 < kVectors ? 0xffff : last, out + 16 * j);
  for (int64_t t = 0; t < rows; ++t) {
    const __m512 pv = _mm512_set1_ps(p[t]);
    const Element<kS>* row = v + t * ldv;
    for (int j = 0; j + 1 < kVectors; ++j) acc[j] = _mm512_fmadd_ps(load16<kS>(row + 16 * j), pv, acc[j]);
    acc[kVectors - 1] = _mm512_fmadd_ps(load16<kS>(row + 16 * (kVectors - 1), last), pv, acc[kVectors - 1]);
  }
  for (int j = 0; j + 1 < kVectors; ++j) _mm512_storeu_ps(out + 16 * j, acc[j]);
  _mm512_mask_storeu_ps(out + 16 * (kVectors - 1), last, acc[kVectors - 1]);
}

// Panels of up to 128 columns (8 registers; a head of 100 or 128 is one panel).
template <Stored kS>
FOT_AVX512 void accumulate_rows_avx512(const Element<kS>* v, int64_t ldv, int64_t rows, int64_t dim, const float* p,
                                       float* out) {
  for (int64_t c = 0; c < dim; c += 128) {
    const int64_t width = std::min<int64_t>(128, dim - c);
    const int vectors = static_cast<int>((width + 15) / 16);
    const int64_t in_last = width - 16 * (vectors - 1);
    const __mmask16 last = static_cast<__mmask16>((1u << in_last) - 1);
    const Element<kS>* panel = v + c;
    switch (vectors) {
      case 1: accumulate_panel_avx512<kS, 1>(panel, ldv, rows, p, out + c, last); break;
      case 2: accumulate_panel_avx512<kS, 2>(panel, ldv, rows, p, out + c, last); break;
      case 3: accumulate_panel_avx512<kS, 3>(panel, ldv, rows, p, out + c, last); break;
      case 4: accumulate_panel_avx512<kS, 4>(panel, ldv, rows, p, out + c, last); break;
      case 5: accumulate_panel_avx512<kS, 5>(panel, ldv, rows, p, out + c, last); break;
      case 6: accumulate_panel_avx512<kS, 6>(panel, ldv, rows, p, out + c, last); break;
      case 7: accumulate_panel_avx512<kS, 7>(panel, ldv, rows, p, out + c, last); break;
      default: accumulate_panel_avx512<kS, 8>(panel, ldv, rows, p, out + c, last); break;
    }
  }
}

#pragma GCC diagnostic pop

bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                          __builtin_cpu_supports("f16c");
  return has && chosen_path.load() != KernelPath::kPlain;
}

bool cpu_has_avx512() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512vl");
  return has && cpu_has_avx2() && chosen_path.load() == KernelPath::kWidest;
}

// Up to 4 activation rows per pass over the weights, on the widest vectors the CPU has.
template <Stored kS>
void gemv(const Element<kS>* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x, int64_t ldx,
          int64_t x_rows, float* y, int64_t ldy) {
  if (!cpu_has_avx2()) return gemv_plain<kS>(w, ldw, out_rows, in, x, ldx, x_rows, y, ldy);
  const bool wide = cpu_has_avx512();
  if constexpr (kS == Stored::kBFloat16) {
    if (!wide && x_rows == 1) {
      thread_local std::vector<float> even, odd;
      even.resize(static_cast<size_t>(in / 2));
      odd.resize(static_cast<size_t>(in / 2));
      split_even_odd<16>(x, in, even.data(), odd.data());
      return gemv_bf16_one_row_avx2(w, ldw, out_rows, in, x, even.data(), odd.data(), y);
    }
  }
  for (int64_t t = 0; t < x_rows; t += 4) {
    const float* xt = x + t * ldx;
    float* yt = y + t * ldy;
    const int64_t n = std::min<int64_t>(4, x_rows - t);
    if (wide) {
      if (n == 1) gemv_x_rows_avx512<kS, 1>(w, ldw, out_rows, in, xt, ldx, yt, ldy);
      else if (n == 2) gemv_x_rows_avx512<kS, 2>(w, ldw, out_rows, in, xt, ldx, yt, ldy);
      else if (n == 3) gemv_x_rows_avx512<kS, 3>(w, ldw, out_rows, in, xt, ldx, yt, ldy);
      else gemv_x_rows_avx512<kS, 4>(w, ldw, out_rows, in, xt, ldx, yt, ldy);
    } else {
      if (n == 1) gemv_x_rows_avx2<kS, 1>(w, ldw, out_rows, in, xt, ldx, yt, ldy);
      else if (n == 2) gemv_x_rows_avx2<kS, 2>(w, ldw, out_rows, in, xt, ldx, yt, ldy);
      else if (n == 3) gemv_x_rows_avx2<kS, 3>(w, ldw, out_rows, in, xt, ldx, yt, ldy);
      else gemv_x_rows_avx2<kS, 4>(w, ldw, out_rows, in, xt, ldx, yt, ldy);
    }
  }
}

template <Stored kS>
void accumulate_rows(const Element<kS>* v, int64_t ldv, int64_t rows, int64_t dim, const float* p, float* out) {
  if (cpu_has_avx512()) return accumulate_rows_avx512<kS>(v, ldv, rows, dim, p, out);
  if (cpu_has_avx2()) return accumulate_rows_avx2<kS>(v, ldv, rows, dim, p, out);
  accumulate_rows_plain<kS>(v, ldv, rows, dim, p, out);
}

#else

bool cpu_has_avx2() { return false; }
bool cpu_has_avx512() { return false; }

template <Stored kS>
void accumulate_rows(const Element<kS>* v, int64_t ldv, int64_t rows, int64_t dim, const float* p, float* out) {
  accumulate_rows_plain<kS>(v, ldv, rows, dim, p, out);
}

template <Stored kS>
void gemv(const Element<kS>* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x, int64_t ldx,
          int64_t x_rows, float* y, int64_t ldy) {
  gemv_plain<kS>(w, ldw, out_rows, in, x, ldx, x_rows, y, ldy);
}

#endif

}  // namespace

void set_kernel_path(KernelPath path) { chosen_path = path; }

bool half_kernels_vectorised() { return cpu_has_avx2(); }

bool kernels_use_avx512() { return cpu_has_avx512(); }

void half_to_float(HalfKind kind, const uint16_t* src, float* dst, int64_t n) {
  const bool bf16 = kind == HalfKind::kBFloat16;
#ifdef FOT_HALF_X86
  if (cpu_has_avx2())
    return bf16 ? convert_avx2<Stored::kBFloat16>(src, dst, n) : convert_avx2<Stored::kFloat16>(src, dst, n);
#endif
  bf16 ? convert_plain<Stored::kBFloat16>(src, dst, n) : convert_plain<Stored::kFloat16>(src, dst, n);
}

void half_to_float_streaming(HalfKind kind, const uint16_t* src, float* dst, int64_t n) {
  const bool bf16 = kind == HalfKind::kBFloat16;
#ifdef FOT_HALF_X86
  if (cpu_has_avx2())
    return bf16 ? convert_streaming_avx2<Stored::kBFloat16>(src, dst, n)
                : convert_streaming_avx2<Stored::kFloat16>(src, dst, n);
#endif
  bf16 ? convert_plain<Stored::kBFloat16>(src, dst, n) : convert_plain<Stored::kFloat16>(src, dst, n);
}

void half_gemv(HalfKind kind, const uint16_t* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x,
               int64_t ldx, int64_t x_rows, float* y, int64_t ldy) {
  if (kind == HalfKind::kBFloat16) return gemv<Stored::kBFloat16>(w, ldw, out_rows, in, x, ldx, x_rows, y, ldy);
  gemv<Stored::kFloat16>(w, ldw, out_rows, in, x, ldx, x_rows, y, ldy);
}

void float_gemv(const float* w, int64_t ldw, int64_t out_rows, int64_t in, const float* x, int64_t ldx,
                int64_t x_rows, float* y, int64_t ldy) {
  gemv<Stored::kFloat32>(w, ldw, out_rows, in, x, ldx, x_rows, y, ldy);
}

void half_accumulate_rows(HalfKind kind, const uint16_t* v, int64_t ldv, int64_t rows, int64_t dim, const float* p,
                          float* out) {
  if (kind == HalfKind::kBFloat16) return accumulate_rows<Stored::kBFloat16>(v, ldv, rows, dim, p, out);
  accumulate_rows<Stored::kFloat16>(v, ldv, rows, dim, p, out);
}

void float_accumulate_rows(const float* v, int64_t ldv, int64_t rows, int64_t dim, const float* p, float* out) {
  accumulate_rows<Stored::kFloat32>(v, ldv, rows, dim, p, out);
}

}  // namespace fot
