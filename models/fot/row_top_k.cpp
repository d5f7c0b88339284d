#include "models/fot/row_top_k.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace fot {
namespace {

// Bit i set where s[i] > t, for 32 scores (SSE2 is part of every x86-64 CPU). Most groups have no
// bit set once the first chunks have raised the threshold, so they cost one or-reduced compare.
#if defined(__SSE2__)
inline uint32_t above_mask32(const float* s, float t) {
  const __m128 tv = _mm_set1_ps(t);
  __m128 above[8];
  __m128 any = _mm_setzero_ps();
  for (int i = 0; i < 8; ++i) any = _mm_or_ps(any, above[i] = _mm_cmpgt_ps(_mm_loadu_ps(s + 4 * i), tv));
  if (_mm_movemask_ps(any) == 0) return 0;
  uint32_t mask = 0;
  for (int i = 0; i < 8; ++i) mask |= static_cast<uint32_t>(_mm_movemask_ps(above[i])) << (4 * i);
  return mask;
}
#else
inline uint32_t above_mask32(const float* s, float t) {
  uint32_t mask = 0;
  for (int i = 0; i < 32; ++i) mask |= static_cast<uint32_t>(s[i] > t) << i;
  return mask;
}
#endif

// Copies to `out` (which may be `a` itself) the keys of a[0, n) at or above a pivot that every 8th
// key places near `target` kept keys, in one branch-free pass, and returns how many were kept; 0 when
// the sample is too small or the pivot would keep fewer than min_keep or more than max_keep (out
// must have room for max_keep + 1 keys).
// Whenever at least k keys are kept, every key below the pivot is beaten by k others and can never
// make the top k, and so can no newer score that does not beat the pivot's (its key would be below
// the pivot): the pivot's score is a valid threshold. An exact cut (nth_element) mispredicts about
// every other comparison and was the largest part of the selection.
int64_t keep_sampled_top(const uint64_t* a, int64_t n, int64_t target, int64_t min_keep, int64_t max_keep,
                         uint64_t* out, std::vector<uint64_t>& sample, uint64_t& pivot) {
  constexpr int64_t kStride = 8;
  const int64_t samples = n / kStride, rank = n > 0 ? samples * target / n : 0;
  if (samples < 8 || rank < 1 || target >= n) return 0;
  sample.resize(samples);
  for (int64_t i = 0; i < samples; ++i) sample[i] = a[i * kStride];
  std::nth_element(sample.begin(), sample.begin() + (rank - 1), sample.end(), std::greater<uint64_t>());
  pivot = sample[rank - 1];
  int64_t above = 0;
  for (int64_t i = 0; i < n; ++i) above += a[i] >= pivot;
  if (above < min_keep || above > max_keep) return 0;
  int64_t kept = 0;
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t key = a[i];
    out[kept] = key;  // when out == a, kept <= i: only keys already read are overwritten
    kept += key >= pivot;
  }
  return kept;
}

}  // namespace

RowTopK::RowTopK(int64_t rows, int64_t k)
    : rows_(rows), k_(k), room_(2 * std::max<int64_t>(k, 1)), keys_(rows * room_), count_(rows, 0),
      threshold_(rows, -std::numeric_limits<float>::infinity()) {
  if (k <= 0) throw std::invalid_argument("RowTopK: k must be positive");
}

void RowTopK::add(const float* scores, int64_t n, int64_t offset) {
  if (offset + n - 1 > CandidateKey::kMaxIndex)
    throw std::invalid_argument("top-k memory attention: more than 2^32 memory tokens");
  for (int64_t r = 0; r < rows_; ++r) {
    if (r + 1 < rows_) prefetch_buffer(r + 1);
    add_row(r, scores + r * n, n, offset);
  }
}

// The buffers of a block's rows (2 KiB each for k = 128) do not stay in cache from one chunk to the
// next, and stalls on them were a third of the selection's time. While row r is scanned, the next
// row's insertion point is fetched, and its whole buffer when a cut is near.
void RowTopK::prefetch_buffer(int64_t r) const {
  const bool cut_near = count_[r] + 16 >= room_;
  const char* from = reinterpret_cast<const char*>(row(r) + (cut_near ? 0 : count_[r]));
  const char* end = cut_near ? reinterpret_cast<const char*>(row(r) + room_) : from + 128;
  for (const char* p = from; p < end; p += 64) __builtin_prefetch(p, 1);
}

void RowTopK::finish() {
  for (int64_t r = 0; r < rows_; ++r) {
    keep_best(r);
    uint64_t* c = mutable_row(r);
    std::sort(c, c + count_[r], [](uint64_t a, uint64_t b) { return CandidateKey::index(a) < CandidateKey::index(b); });
  }
}

void RowTopK::add_row(int64_t r, const float* s, int64_t n, int64_t offset) {
  if (count_[r] == 0 && n >= k_) return seed_row(r, s, n, offset);
  uint64_t* c = mutable_row(r);
  int64_t count = count_[r];
  float threshold = threshold_[r];
  // A score equal to the threshold never enters: it is a newer token than the k-th best it ties.
  auto offer = [&](float score, int64_t index) {
    if (!(score > threshold)) return;
    if (count == room_) {
      count_[r] = count;
      make_room(r);
      count = count_[r];
      threshold = threshold_[r];
      if (!(score > threshold)) return;
    }
    c[count++] = CandidateKey::make(score, index);
  };
  int64_t j = 0;
  for (; j + 32 <= n; j += 32) {
    for (uint32_t mask = above_mask32(s + j, threshold); mask != 0; mask &= mask - 1) {
      const int i = __builtin_ctz(mask);
      offer(s[j + i], offset + j + i);
    }
  }
  for (; j < n; ++j) offer(s[j], offset + j);
  count_[r] = count;
}

// A fresh row takes about 5k/4 of the best of its first chunk (the k best when the sampled pivot
// misses) in one selection instead of a few buffer cuts.
void RowTopK::seed_row(int64_t r, const float* s, int64_t n, int64_t offset) {
  scratch_.resize(n);
  int64_t count = 0;
  for (int64_t j = 0; j < n; ++j)
    if (s[j] > threshold_[r]) scratch_[count++] = CandidateKey::make(s[j], offset + j);  // NaN never enters
  uint64_t pivot = 0;
  const int64_t kept = keep_sampled_top(scratch_.data(), count, k_ * 5 / 4, k_, room_ - 1, mutable_row(r), sample_, pivot);
  if (kept > 0) {
    count_[r] = kept;
    threshold_[r] = CandidateKey::score(pivot);
    return;
  }
  const int64_t keep = std::min(count, k_);
  if (count >= k_) std::nth_element(scratch_.begin(), scratch_.begin() + (k_ - 1), scratch_.begin() + count, std::greater<uint64_t>());
  std::copy(scratch_.begin(), scratch_.begin() + keep, mutable_row(r));
  count_[r] = keep;
  if (keep == k_) threshold_[r] = CandidateKey::score(scratch_[k_ - 1]);
}

// Frees room in a full buffer, keeping about 5/8 of it above a sampled pivot; the exact cut when the
// pivot misses.
void RowTopK::make_room(int64_t r) {
  uint64_t* c = mutable_row(r);
  uint64_t pivot = 0;
  const int64_t kept = keep_sampled_top(c, room_, room_ * 5 / 8, k_, room_ - 1, c, sample_, pivot);
  if (kept == 0) return keep_best(r);
  count_[r] = kept;
  threshold_[r] = CandidateKey::score(pivot);
}

// Keeps the row's k best candidates; the k-th best becomes the threshold.
void RowTopK::keep_best(int64_t r) {
  if (count_[r] < k_) return;
  uint64_t* c = mutable_row(r);
  std::nth_element(c, c + (k_ - 1), c + count_[r], std::greater<uint64_t>());
  count_[r] = k_;
  threshold_[r] = CandidateKey::score(c[k_ - 1]);  // nth_element leaves the k-th best there
}

}  // namespace fot
