// Large tensors come back from kept blocks: a second allocation of the same size reuses the first
// one's memory (same address) and touching it costs no fresh page faults, where glibc would map
// fresh memory for every allocation over 32 MiB.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <ATen/ATen.h>

#include "models/llama/reused_memory.h"

namespace fot {
namespace {

int64_t minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

TEST(ReusedMemory, LargeTensorsReuseFreedBlocksWithoutFreshFaults) {
  reuse_tensor_memory();
  constexpr int64_t kFloats = int64_t{16} << 20;  // 64 MiB: 16384 pages of 4 KiB
  void* first = nullptr;
  {
    auto t = at::empty({kFloats});
    t.fill_(1.0f);
    first = t.data_ptr();
  }
  EXPECT_GE(reusable_tensor_bytes(), kFloats * 4);
  const int64_t before = minor_faults();
  auto again = at::empty({kFloats});
  again.fill_(2.0f);
  EXPECT_EQ(again.data_ptr(), first);
  EXPECT_LT(minor_faults() - before, 64);
  EXPECT_EQ(again.sum(at::kDouble).item<double>(), 2.0 * kFloats);
}

TEST(ReusedMemory, SmallTensorsAndOtherSizesStillWork) {
  reuse_tensor_memory();
  auto small = at::arange(1000, at::kFloat);
  EXPECT_EQ(small.sum().item<double>(), 999.0 * 1000 / 2);
  auto larger = at::ones({int64_t{40} << 20}, at::kFloat);  // 160 MiB: larger than any kept block
  EXPECT_EQ(larger.sum(at::kDouble).item<double>(), static_cast<double>(int64_t{40} << 20));
}

}  // namespace
}  // namespace fot
