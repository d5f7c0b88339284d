// Per-layer key/value cache for causal decoding. Keys are stored already rotated. Capacity grows
// by doubling; truncate() rewinds without freeing, so a prefix can be extended and restored.
#pragma once

#include <ATen/ATen.h>

#include <atomic>
#include <memory>
#include <vector>

namespace fot {

class KVCache {
 public:
  KVCache() = default;
  KVCache(int64_t layers, int64_t kv_heads, int64_t head_dim);

  int64_t length() const { return length_; }
  int64_t layers() const { return static_cast<int64_t>(keys_.size()); }

  // Writes k/v [Hkv, T, D] of `layer` at positions length()..length()+T-1 (commit() advances).
  void write(int64_t layer, const at::Tensor& k, const at::Tensor& v);
  void commit(int64_t count) { length_ += count; }
  void truncate(int64_t length);

  // Views [Hkv, length()+extra, D] including `extra` written but uncommitted positions.
  at::Tensor keys(int64_t layer, int64_t extra = 0) const;
  at::Tensor values(int64_t layer, int64_t extra = 0) const;

  KVCache clone() const;
  int64_t bytes() const;

 private:
  void ensure_capacity(int64_t needed);
  std::vector<at::Tensor> keys_, values_;
  int64_t kv_heads_ = 0, head_dim_ = 0, capacity_ = 0, length_ = 0;
};

// Keys and values of consecutive tokens for every layer, as an immutable, shareable value: a
// Writer makes a new chain (this one followed by more tokens) and leaves this one unchanged, so one
// chain can serve several threads at once. Storage is a list of segments shared between chains; a
// writer appends in place at a segment's tail only when its chain ends at the segment's high-water
// mark (claimed atomically), otherwise it starts a new segment, so no chain ever sees another's
// writes. Optional raw (unrotated) keys for some layers ("slots") serve the FoT flush into memory.
class KVChainWriter;

class KVChain {
 public:
  KVChain() = default;
  KVChain(int64_t layers, int64_t raw_slots, int64_t kv_heads, int64_t head_dim);

  int64_t length() const { return length_; }
  int64_t layers() const { return layers_; }
  // Views [Hkv, n, D] over the held tokens, oldest first; concatenated they are the whole chain.
  std::vector<at::Tensor> keys(int64_t layer) const;
  std::vector<at::Tensor> values(int64_t layer) const;
  std::vector<at::Tensor> raw_keys(int64_t slot) const;
  // Contiguous copies [Hkv, length(), D] (the flush and tests).
  at::Tensor keys_copy(int64_t layer) const;
  at::Tensor values_copy(int64_t layer) const;
  at::Tensor raw_keys_copy(int64_t slot) const;
  KVChain emptied() const;  // same shape, no tokens
  // After seal(), writers on this chain (and its copies) start a new segment instead of appending in
  // place. States seal their chains, so the segment layout, and with it the exact fp32 rounding of
  // attention over the spans, depends only on the calls made from a state, never on which of several
  // threads claimed a segment's free room first.
  void seal() { sealed_ = true; }
  int64_t bytes() const;    // of the tokens held

  // Reserves room for `count` tokens after `base`; write every layer (and slot), then finish().
  using Writer = KVChainWriter;

 private:
  struct Segment {
    std::vector<at::Tensor> keys, values, raw_keys;  // [Hkv, capacity, D] each
    int64_t capacity = 0;
    std::atomic<int64_t> filled{0};
  };
  struct SegmentRef {
    std::shared_ptr<Segment> segment;
    int64_t end = 0;  // tokens [0, end) of the segment belong to this chain
  };
  template <typename Pick>
  std::vector<at::Tensor> views(Pick pick) const;

  std::vector<SegmentRef> segments_;
  int64_t layers_ = 0, raw_slots_ = 0, kv_heads_ = 0, head_dim_ = 0, length_ = 0;
  bool sealed_ = false;
  friend class KVChainWriter;
};

class KVChainWriter {
 public:
  KVChainWriter(const KVChain& base, int64_t count);
  void write(int64_t layer, const at::Tensor& k, const at::Tensor& v);  // [Hkv, count, D]
  void write_raw(int64_t slot, const at::Tensor& k_raw);
  KVChain finish() &&;

 private:
  KVChain chain_;  // base plus the reserved tokens
  int64_t offset_ = 0, count_ = 0;  // where the tokens go in the tail segment
};

}  // namespace fot
