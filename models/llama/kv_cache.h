// Per-layer key/value cache for causal decoding. Keys are stored already rotated. Capacity grows
// by doubling; truncate() rewinds without freeing, so a prefix can be extended and restored.
#pragma once

#include <ATen/ATen.h>

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

}  // namespace fot
