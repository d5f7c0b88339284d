#include "models/llama/kv_cache.h"

#include <algorithm>
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

KVChain::KVChain(int64_t layers, int64_t raw_slots, int64_t kv_heads, int64_t head_dim)
    : layers_(layers), raw_slots_(raw_slots), kv_heads_(kv_heads), head_dim_(head_dim) {}

template <typename Pick>
std::vector<at::Tensor> KVChain::views(Pick pick) const {
  std::vector<at::Tensor> out;
  for (const SegmentRef& ref : segments_) {
    if (ref.end > 0) out.push_back(pick(*ref.segment).narrow(1, 0, ref.end));
  }
  return out;
}

std::vector<at::Tensor> KVChain::keys(int64_t layer) const {
  return views([&](const Segment& s) { return s.keys[layer]; });
}
std::vector<at::Tensor> KVChain::values(int64_t layer) const {
  return views([&](const Segment& s) { return s.values[layer]; });
}
std::vector<at::Tensor> KVChain::raw_keys(int64_t slot) const {
  return views([&](const Segment& s) { return s.raw_keys[slot]; });
}

namespace {
at::Tensor joined(const std::vector<at::Tensor>& parts, int64_t kv_heads, int64_t head_dim) {
  if (parts.empty()) return at::empty({kv_heads, 0, head_dim}, at::kFloat);
  return parts.size() == 1 ? parts[0].contiguous() : at::cat(parts, 1);
}
}  // namespace

at::Tensor KVChain::keys_copy(int64_t layer) const { return joined(keys(layer), kv_heads_, head_dim_); }
at::Tensor KVChain::values_copy(int64_t layer) const { return joined(values(layer), kv_heads_, head_dim_); }
at::Tensor KVChain::raw_keys_copy(int64_t slot) const { return joined(raw_keys(slot), kv_heads_, head_dim_); }

KVChain KVChain::emptied() const {
  KVChain empty(layers_, raw_slots_, kv_heads_, head_dim_);
  return empty;
}

int64_t KVChain::bytes() const { return (2 * layers_ + raw_slots_) * kv_heads_ * length_ * head_dim_ * 4; }

KVChainWriter::KVChainWriter(const KVChain& base, int64_t count) : chain_(base), count_(count) {
  if (count <= 0) throw std::invalid_argument("KVChain::Writer: nothing to write");
  const bool sealed = chain_.sealed_;
  chain_.sealed_ = false;  // the new chain belongs to this writer's caller until it seals it
  if (!sealed && !chain_.segments_.empty()) {
    KVChain::SegmentRef& tail = chain_.segments_.back();
    int64_t expected = tail.end;
    if (tail.end + count <= tail.segment->capacity &&
        tail.segment->filled.compare_exchange_strong(expected, tail.end + count)) {
      offset_ = tail.end;
      tail.end += count;
      chain_.length_ += count;
      return;
    }
  }
  // A new segment: room for short extensions (decoding, questions) without one segment per call.
  constexpr int64_t kMinSegment = 256;
  auto segment = std::make_shared<KVChain::Segment>();
  segment->capacity = std::max(count, kMinSegment);
  auto make = [&](int64_t n, std::vector<at::Tensor>& into) {
    for (int64_t i = 0; i < n; ++i)
      into.push_back(at::empty({chain_.kv_heads_, segment->capacity, chain_.head_dim_}, at::kFloat));
  };
  make(chain_.layers_, segment->keys);
  make(chain_.layers_, segment->values);
  make(chain_.raw_slots_, segment->raw_keys);
  segment->filled.store(count);
  chain_.segments_.push_back(KVChain::SegmentRef{segment, count});
  chain_.length_ += count;
  offset_ = 0;
}

void KVChainWriter::write(int64_t layer, const at::Tensor& k, const at::Tensor& v) {
  KVChain::Segment& tail = *chain_.segments_.back().segment;
  tail.keys[layer].narrow(1, offset_, count_).copy_(k);
  tail.values[layer].narrow(1, offset_, count_).copy_(v);
}

void KVChainWriter::write_raw(int64_t slot, const at::Tensor& k_raw) {
  chain_.segments_.back().segment->raw_keys[slot].narrow(1, offset_, count_).copy_(k_raw);
}

KVChain KVChainWriter::finish() && { return std::move(chain_); }

}  // namespace fot
