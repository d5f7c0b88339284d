// LibTorch's CPU tensors of 1 MiB and more come from blocks this process keeps and hands out again,
// instead of fresh memory per allocation. A forward allocates the same activation sizes in every
// layer and call; glibc serves allocations over 32 MiB with a fresh mmap each time, and on these
// VMs a fresh page costs a host fault (1.1-2.3 s per GiB): a 3B prefill of 2048 tokens took
// 1.3-1.5 million minor faults. Blocks are mapped with a huge-page hint (one fault per 2 MiB when
// first touched, fewer TLB misses) and at most kMaxFreeBytes of free blocks are kept.
#pragma once

#include <cstdint>

namespace fot {

// Installs the reusing allocator as LibTorch's CPU allocator (once per process; later calls do
// nothing). Tensors allocated before keep their own deleters.
void reuse_tensor_memory();

// Bytes of free blocks kept for reuse now (tests and benchmarks).
int64_t reusable_tensor_bytes();

}  // namespace fot
