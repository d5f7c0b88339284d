#include "models/fot/memory_store.h"

#include <fmt/format.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>

#include "common/input_error.h"

namespace fot {
namespace {

// A segment's tensor in its own mapping, backed by 2 MiB pages where the kernel has transparent huge
// pages (a hint; otherwise plain pages). Top-k attention reads k value rows per query from random
// places in the memory, and with 4 KiB pages nearly each of those reads also missed the TLB (the
// gather took 10% less CPU with huge pages). The price: a segment still being filled holds up to
// one partly used 2 MiB page per head in resident memory. glibc would serve these sizes from heap
// pages already touched, which never become huge pages, hence the own mapping. Small segments,
// and any mapping failure, use the ordinary allocator.
at::Tensor empty_segment_tensor(at::IntArrayRef sizes, at::ScalarType dtype) {
  constexpr size_t kHugePage = size_t{2} << 20;
  int64_t elements = 1;
  for (int64_t size : sizes) elements *= size;
  const size_t bytes = static_cast<size_t>(elements) * c10::elementSize(dtype);
  if (bytes < 2 * kHugePage) return at::empty(sizes, at::TensorOptions().dtype(dtype));
  const size_t mapped = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* data = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED) return at::empty(sizes, at::TensorOptions().dtype(dtype));
  madvise(data, mapped, MADV_HUGEPAGE);
  return at::from_blob(
      data, sizes, [mapped](void* p) { munmap(p, mapped); }, at::TensorOptions().dtype(dtype));
}

}  // namespace

MemDtype parse_mem_dtype(const std::string& text, const std::string& field) {
  if (text == "float32" || text == "fp32") return MemDtype::kFloat32;
  if (text == "bfloat16" || text == "bf16") return MemDtype::kBFloat16;
  if (text == "float16" || text == "fp16") return MemDtype::kFloat16;
  throw InputError(fmt::format("field '{}' must be bfloat16, float16 or float32 (or bf16, fp16, fp32), got '{}'",
                               field, text));
}

const char* to_string(MemDtype dtype) {
  switch (dtype) {
    case MemDtype::kFloat32: return "float32";
    case MemDtype::kBFloat16: return "bfloat16";
    case MemDtype::kFloat16: return "float16";
  }
  return "?";
}

int64_t mem_dtype_bytes(MemDtype dtype) { return dtype == MemDtype::kFloat32 ? 4 : 2; }

at::ScalarType to_scalar_type(MemDtype dtype) {
  switch (dtype) {
    case MemDtype::kFloat32: return at::kFloat;
    case MemDtype::kBFloat16: return at::kBFloat16;
    case MemDtype::kFloat16: return at::kHalf;
  }
  return at::kFloat;
}

MemoryStore::MemoryStore(const MemoryStoreOptions& options) : options_(options) {
  if (options_.num_kv_heads <= 0)
    throw InputError(fmt::format("memory store: 'num_kv_heads' must be positive, got {}", options_.num_kv_heads));
  if (options_.head_dim <= 0)
    throw InputError(fmt::format("memory store: 'head_dim' must be positive, got {}", options_.head_dim));
  if (options_.cap && *options_.cap <= 0)
    throw InputError(fmt::format("memory store: field 'mem_cap' must be positive, got {}", *options_.cap));
  if (options_.max_segment_tokens <= 0)
    throw InputError(fmt::format("memory store: 'max_segment_tokens' must be positive, got {}",
                                 options_.max_segment_tokens));
}

void MemoryStore::append(const at::Tensor& keys, const at::Tensor& values) {
  auto check = [&](const at::Tensor& t, const char* name) {
    if (t.dim() != 3 || t.size(0) != options_.num_kv_heads || t.size(2) != options_.head_dim ||
        !at::isFloatingType(t.scalar_type()))
      throw std::invalid_argument(fmt::format("MemoryStore::append: {} must be floating [{}, T, {}], got {}", name,
                                              options_.num_kv_heads, options_.head_dim, c10::str(t.sizes())));
  };
  check(keys, "keys");
  check(values, "values");
  if (keys.size(1) != values.size(1))
    throw std::invalid_argument(fmt::format("MemoryStore::append: keys hold {} tokens but values {}", keys.size(1),
                                            values.size(1)));
  at::Tensor k = keys;
  at::Tensor v = values;
  int64_t count = k.size(1);
  if (options_.cap) {
    const int64_t cap = *options_.cap;
    if (count > cap) {  // only the newest `cap` of the new tokens survive
      k = k.slice(1, count - cap);
      v = v.slice(1, count - cap);
      evicted_ += count - cap;
      count = cap;
    }
    evict_oldest(std::max<int64_t>(0, size_ + count - cap));
  }
  if (count > 0) append_tokens(k, v);
}

void MemoryStore::append_tokens(const at::Tensor& keys, const at::Tensor& values) {
  const int64_t total = keys.size(1);
  int64_t done = 0;
  while (done < total) {
    if (!segments_.empty() && !sealed_) {
      SegmentRef& tail = segments_.back();
      Segment& segment = *tail.segment;
      const int64_t n = std::min(segment.capacity - tail.end, total - done);
      int64_t expected = tail.end;
      if (n > 0 && segment.filled.compare_exchange_strong(expected, tail.end + n)) {
        segment.keys.slice(1, tail.end, tail.end + n).copy_(keys.slice(1, done, done + n));
        segment.values.slice(1, tail.end, tail.end + n).copy_(values.slice(1, done, done + n));
        tail.end += n;
        size_ += n;
        done += n;
        continue;
      }
    }
    segments_.push_back(SegmentRef{new_segment(total - done), 0, 0});
    sealed_ = false;
  }
}

std::shared_ptr<MemoryStore::Segment> MemoryStore::new_segment(int64_t min_tokens) const {
  // Doubling: a new segment about as large as everything held so far, within [64, max_segment_tokens].
  int64_t capacity = std::max({min_tokens, size_, int64_t{64}});
  capacity = std::min(capacity, options_.max_segment_tokens);
  if (options_.cap) capacity = std::min(capacity, *options_.cap);
  auto segment = std::make_shared<Segment>();
  const at::ScalarType dtype = to_scalar_type(options_.dtype);
  segment->keys = empty_segment_tensor({options_.num_kv_heads, capacity, options_.head_dim}, dtype);
  segment->values = empty_segment_tensor({options_.num_kv_heads, capacity, options_.head_dim}, dtype);
  segment->capacity = capacity;
  return segment;
}

void MemoryStore::evict_oldest(int64_t count) {
  count = std::min(count, size_);
  size_ -= count;
  evicted_ += count;
  size_t drop = 0;
  while (drop < segments_.size()) {
    SegmentRef& front = segments_[drop];
    const int64_t n = std::min(count, front.end - front.begin);
    front.begin += n;
    count -= n;
    if (front.begin != front.end) break;
    // An emptied tail with room left stays, so appends can continue in it.
    if (drop + 1 == segments_.size() && front.end < front.segment->capacity) break;
    ++drop;
  }
  segments_.erase(segments_.begin(), segments_.begin() + static_cast<std::ptrdiff_t>(drop));
}

MemoryStore MemoryStore::fork() const { return *this; }

int64_t MemoryStore::bytes() const {
  return 2 * size_ * options_.num_kv_heads * options_.head_dim * mem_dtype_bytes(options_.dtype);
}

int64_t MemoryStore::capacity_bytes() const {
  int64_t tokens = 0;
  for (const SegmentRef& ref : segments_) tokens += ref.segment->capacity;
  return 2 * tokens * options_.num_kv_heads * options_.head_dim * mem_dtype_bytes(options_.dtype);
}

std::vector<MemorySpan> MemoryStore::spans() const {
  std::vector<MemorySpan> out;
  int64_t offset = 0;
  for (const SegmentRef& ref : segments_) {
    if (ref.end == ref.begin) continue;
    out.push_back(MemorySpan{ref.segment->keys.slice(1, ref.begin, ref.end),
                             ref.segment->values.slice(1, ref.begin, ref.end), offset});
    offset += ref.end - ref.begin;
  }
  return out;
}

namespace {
at::Tensor concat(const std::vector<MemorySpan>& spans, bool keys, const MemoryStoreOptions& o) {
  if (spans.empty())
    return at::empty({o.num_kv_heads, 0, o.head_dim}, at::TensorOptions().dtype(to_scalar_type(o.dtype)));
  std::vector<at::Tensor> parts;
  for (const MemorySpan& span : spans) parts.push_back(keys ? span.keys : span.values);
  return at::cat(parts, 1);
}
}  // namespace

at::Tensor MemoryStore::keys() const { return concat(spans(), true, options_); }
at::Tensor MemoryStore::values() const { return concat(spans(), false, options_); }

}  // namespace fot
