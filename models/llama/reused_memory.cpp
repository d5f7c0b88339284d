#include "models/llama/reused_memory.h"

#include <sys/mman.h>

#include <c10/core/CPUAllocator.h>

#include <map>
#include <mutex>
#include <new>

namespace fot {
namespace {

constexpr size_t kMinBlock = size_t{1} << 20;
constexpr size_t kGranule = size_t{2} << 20;           // huge-page size: blocks are whole huge pages
constexpr size_t kMaxFreeBytes = size_t{3} << 30;      // a 3B layer's activations at 2048 tokens are ~0.6 GiB
constexpr double kMaxSlack = 2.0;                       // a kept block serves requests down to half its size

struct Block {
  void* data;
  size_t bytes;
};

class ReusingAllocator final : public c10::Allocator {
 public:
  explicit ReusingAllocator(c10::Allocator* fallback) : fallback_(fallback) {}

  c10::DataPtr allocate(size_t n) const override {
    if (n < kMinBlock) return fallback_->allocate(n);
    const size_t bytes = (n + kGranule - 1) / kGranule * kGranule;
    Block* block = take(bytes);
    if (!block) {
      void* data = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (data == MAP_FAILED) throw std::bad_alloc();
      madvise(data, bytes, MADV_HUGEPAGE);
      block = new Block{data, bytes};
    }
    return {block->data, block, &give_back, c10::Device(c10::DeviceType::CPU)};
  }

  int64_t free_bytes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<int64_t>(free_bytes_);
  }

 private:
  // The smallest kept block of at least `bytes` and at most kMaxSlack times that, or null.
  Block* take(size_t bytes) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = free_.lower_bound(bytes);
    if (it == free_.end() || it->first > bytes * kMaxSlack) return nullptr;
    Block* block = it->second;
    free_.erase(it);
    free_bytes_ -= block->bytes;
    return block;
  }

  static void give_back(void* context);
  void keep(Block* block) const {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (free_bytes_ + block->bytes <= kMaxFreeBytes) {
        free_.emplace(block->bytes, block);
        free_bytes_ += block->bytes;
        return;
      }
    }
    munmap(block->data, block->bytes);
    delete block;
  }

  c10::Allocator* fallback_;
  mutable std::mutex mutex_;
  mutable std::multimap<size_t, Block*> free_;
  mutable size_t free_bytes_ = 0;
};

ReusingAllocator* instance = nullptr;

void ReusingAllocator::give_back(void* context) { instance->keep(static_cast<Block*>(context)); }

}  // namespace

void reuse_tensor_memory() {
  static std::once_flag once;
  std::call_once(once, [] {
    instance = new ReusingAllocator(c10::GetCPUAllocator());  // lives as long as the process
    c10::SetCPUAllocator(instance, /*priority=*/1);
  });
}

int64_t reusable_tensor_bytes() { return instance ? instance->free_bytes() : 0; }

}  // namespace fot
