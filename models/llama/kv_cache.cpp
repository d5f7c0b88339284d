#include "models/llama/kv_cache.h"

#include <stdexcept>

namespace fot {

KVCache::KVCache(int64_t layers, int64_t kv_heads, int64_t head_dim)
    : keys_(layers), values_(layers), kv_heads_(kv_heads), head_dim_(head_dim) {}

void KVCache::ensure_capacity(int64_t needed) {
  if (needed <= capacity_) return;
  int64_t capacity = std::max<int64_t>(capacity_ * 2, 64);
  while (capacity < needed) capacity *= 2;
  for (size_t i = 0; i < keys_.size(); ++i) {
    auto k = at::empty({kv_heads_, capacity, head_dim_}, at::kFloat);
    auto v = at::empty({kv_heads_, capacity, head_dim_}, at::kFloat);
    if (capacity_ > 0) {
      k.narrow(1, 0, capacity_).copy_(keys_[i]);
      v.narrow(1, 0, capacity_).copy_(values_[i]);
    }
    keys_[i] = k;
    values_[i] = v;
  }
  capacity_ = capacity;
}

void KVCache::write(int64_t layer, const at::Tensor& k, const at::Tensor& v) {
  const int64_t count = k.size(1);
  ensure_capacity(length_ + count);
  keys_[layer].narrow(1, length_, count).copy_(k);
  values_[layer].narrow(1, length_, count).copy_(v);
}

void KVCache::truncate(int64_t length) {
  if (length < 0 || length > length_) throw std::out_of_range("KVCache::truncate past the end");
  length_ = length;
}

at::Tensor KVCache::keys(int64_t layer, int64_t extra) const { return keys_[layer].narrow(1, 0, length_ + extra); }
at::Tensor KVCache::values(int64_t layer, int64_t extra) const { return values_[layer].narrow(1, 0, length_ + extra); }

KVCache KVCache::clone() const {
  KVCache copy(layers(), kv_heads_, head_dim_);
  copy.ensure_capacity(length_);
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (length_ == 0) break;
    copy.keys_[i].narrow(1, 0, length_).copy_(keys(i));
    copy.values_[i].narrow(1, 0, length_).copy_(values(i));
  }
  copy.length_ = length_;
  return copy;
}

int64_t KVCache::bytes() const { return 2 * layers() * kv_heads_ * capacity_ * head_dim_ * 4; }

}  // namespace fot
