// The FoT memory of one memory layer: keys and values [Hkv, M, D] in a storage dtype. Keys are the
// raw k_proj outputs (RoPE position 0 is the identity), values the raw v_proj outputs.
//
// Storage is a list of segments (each [Hkv, capacity, D] for k and for v). The tail segment is filled
// in place and a full tail gets a successor whose capacity doubles up to `max_segment_tokens`, so an
// append costs O(appended tokens) amortised and never concatenates the whole memory. fork() shares the
// segments (copy-on-write at the tail: a fork never writes where another store already wrote), so a
// prefix state forked many times holds its memory once. An optional cap evicts the oldest tokens.
#pragma once

#include <ATen/ATen.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fot {

enum class MemDtype { kFloat32, kBFloat16, kFloat16 };

// Accepts the HF spellings ("float32", "bfloat16", "float16") and "fp32", "bf16", "fp16".
// Throws InputError naming `field` otherwise.
MemDtype parse_mem_dtype(const std::string& text, const std::string& field = "mem_dtype");
const char* to_string(MemDtype dtype);  // HF spelling
int64_t mem_dtype_bytes(MemDtype dtype);
at::ScalarType to_scalar_type(MemDtype dtype);

// A contiguous run of memory tokens: views [Hkv, n, D] in the storage dtype, n > 0.
struct MemorySpan {
  at::Tensor keys;
  at::Tensor values;
  int64_t offset = 0;  // index of the span's first token within the store (0 = oldest kept)
};

struct MemoryStoreOptions {
  int64_t num_kv_heads = 0;
  int64_t head_dim = 0;
  MemDtype dtype = MemDtype::kBFloat16;
  std::optional<int64_t> cap;         // keep at most this many tokens (the newest); must be > 0
  int64_t max_segment_tokens = 8192;  // largest segment allocation
};

class MemoryStore {
 public:
  explicit MemoryStore(const MemoryStoreOptions& options);

  // Appends k, v [Hkv, T, D] (any floating dtype; cast to the storage dtype), T >= 0.
  // With a cap, the oldest tokens beyond the cap are evicted.
  void append(const at::Tensor& keys, const at::Tensor& values);

  // An independent store sharing the current contents; O(number of segments).
  MemoryStore fork() const;

  // After seal(), the next append (here or in a fork) starts a new segment instead of filling the
  // tail's free room. Shared states seal their stores, so the segment layout (and so the exact fp32
  // rounding of attention, whose chunks end at segment boundaries) depends only on the calls made
  // from a state, never on which of several threads claimed the free room first.
  void seal() { sealed_ = true; }

  int64_t size() const { return size_; }  // M, tokens currently held
  int64_t num_kv_heads() const { return options_.num_kv_heads; }
  int64_t head_dim() const { return options_.head_dim; }
  MemDtype dtype() const { return options_.dtype; }
  const MemoryStoreOptions& options() const { return options_; }
  int64_t evicted() const { return evicted_; }  // tokens dropped by the cap so far

  // Exactly 2 x M x (Hkv * D) x bytes(dtype): the k and v of the tokens held.
  int64_t bytes() const;
  // Bytes of the segments this store references (allocated capacity, shared segments included).
  int64_t capacity_bytes() const;

  // Views over the held tokens, oldest first; concatenated they are the whole memory.
  std::vector<MemorySpan> spans() const;

  // Contiguous copies [Hkv, M, D] in the storage dtype. O(M): for tests and debugging.
  at::Tensor keys() const;
  at::Tensor values() const;

 private:
  struct Segment {
    at::Tensor keys;    // [Hkv, capacity, D]
    at::Tensor values;  // [Hkv, capacity, D]
    int64_t capacity = 0;
    // Tokens written so far by any store sharing this segment. A store may write at `end` only
    // when it owns the high-water mark, so sharers never see each other's writes.
    std::atomic<int64_t> filled{0};
  };
  struct SegmentRef {
    std::shared_ptr<Segment> segment;
    int64_t begin = 0;  // held tokens are [begin, end) of the segment
    int64_t end = 0;
  };

  void append_tokens(const at::Tensor& keys, const at::Tensor& values);
  void evict_oldest(int64_t count);
  std::shared_ptr<Segment> new_segment(int64_t min_tokens) const;

  MemoryStoreOptions options_;
  std::vector<SegmentRef> segments_;
  int64_t size_ = 0;
  int64_t evicted_ = 0;
  bool sealed_ = false;
};

}  // namespace fot
