// Exact running top-k per row over scores that arrive in chunks of memory tokens, oldest first:
// the selection behind FoT top-k memory attention. Free of LibTorch: rows are plain float arrays.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace fot {

// A candidate as one 64-bit key that orders like (score, then the older token): the score's bits
// made monotonic in the high half, the complement of the memory index in the low half. Selecting on
// plain integers is several times faster than on a (score, index) pair with a two-field comparator.
class CandidateKey {
 public:
  static constexpr int64_t kMaxIndex = 0xFFFFFFFFLL;

  static uint64_t make(float score, int64_t index) {
    return (static_cast<uint64_t>(ordered(score + 0.0f)) << 32) | static_cast<uint64_t>(kMaxIndex - index);
  }
  static float score(uint64_t key) {
    const auto o = static_cast<uint32_t>(key >> 32);
    const uint32_t bits = (o & 0x80000000u) ? (o & 0x7FFFFFFFu) : ~o;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }
  static int64_t index(uint64_t key) { return kMaxIndex - static_cast<int64_t>(key & 0xFFFFFFFFu); }

 private:
  // Monotonic map of floats to uint32 (the caller turns -0 into +0, so equal scores give equal bits).
  static uint32_t ordered(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
  }
};

// Each row keeps a buffer of candidates (room for 2k): a score enters when it beats the row's
// threshold. A full buffer keeps the keys at or above a pivot sampled to leave about 5/8 of it (at
// least k, else it is cut back to its k best), and the pivot's score becomes the new threshold.
// Most scores are rejected by a vectorised compare of 32 at a time. A fresh row is filled from its
// first chunk in one such selection. Ties go to the older memory token.
class RowTopK {
 public:
  RowTopK(int64_t rows, int64_t k);

  // scores: row-major fp32 [rows, n] for memory tokens offset .. offset + n - 1. Chunks must come
  // in memory order (each offset above the last chunk's tokens).
  void add(const float* scores, int64_t n, int64_t offset);

  // Cuts every row to its k best and sorts them by memory index (so sums over them do not depend on
  // how the scores were chunked). Call once, after the last add.
  void finish();

  int64_t size(int64_t r) const { return count_[r]; }
  const uint64_t* row(int64_t r) const { return keys_.data() + r * room_; }

 private:
  uint64_t* mutable_row(int64_t r) { return keys_.data() + r * room_; }
  void prefetch_buffer(int64_t r) const;
  void add_row(int64_t r, const float* s, int64_t n, int64_t offset);
  void seed_row(int64_t r, const float* s, int64_t n, int64_t offset);
  void make_room(int64_t r);
  void keep_best(int64_t r);

  int64_t rows_, k_, room_;
  std::vector<uint64_t> keys_;
  std::vector<int64_t> count_;
  std::vector<float> threshold_;
  std::vector<uint64_t> scratch_, sample_;
};

}  // namespace fot
