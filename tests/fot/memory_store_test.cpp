#include "models/fot/memory_store.h"

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "common/input_error.h"

namespace fot {
namespace {

constexpr int64_t kHeads = 4;
constexpr int64_t kDim = 8;

MemoryStore make_store(MemDtype dtype, std::optional<int64_t> cap = std::nullopt, int64_t max_segment = 8192) {
  MemoryStoreOptions options;
  options.num_kv_heads = kHeads;
  options.head_dim = kDim;
  options.dtype = dtype;
  options.cap = cap;
  options.max_segment_tokens = max_segment;
  return MemoryStore(options);
}

at::Tensor tokens(int64_t count) { return at::randn({kHeads, count, kDim}, at::kFloat); }

// Appends `count` tokens (keys t, values -t) and returns the keys appended.
at::Tensor append(MemoryStore& store, int64_t count) {
  at::Tensor k = tokens(count);
  store.append(k, -k);
  return k;
}

void expect_holds(const MemoryStore& store, const at::Tensor& expected_keys) {
  ASSERT_EQ(store.size(), expected_keys.size(1));
  const auto dtype = to_scalar_type(store.dtype());
  EXPECT_TRUE(at::equal(store.keys(), expected_keys.to(dtype)));
  EXPECT_TRUE(at::equal(store.values(), (-expected_keys).to(dtype)));
  int64_t offset = 0;
  for (const MemorySpan& span : store.spans()) {
    EXPECT_EQ(span.offset, offset);
    EXPECT_GT(span.keys.size(1), 0);
    offset += span.keys.size(1);
  }
  EXPECT_EQ(offset, store.size());
}

TEST(MemoryStore, BytesAreExactlyTwoTimesTokensTimesHiddenTimesDtypeBytes) {
  at::manual_seed(1);
  for (MemDtype dtype : {MemDtype::kFloat32, MemDtype::kBFloat16, MemDtype::kFloat16}) {
    MemoryStore store = make_store(dtype, std::nullopt, 16);
    EXPECT_EQ(store.bytes(), 0);
    int64_t m = 0;
    for (int64_t count : {1, 3, 20, 7, 64}) {
      append(store, count);
      m += count;
      EXPECT_EQ(store.bytes(), 2 * m * (kHeads * kDim) * mem_dtype_bytes(dtype)) << to_string(dtype);
      EXPECT_GE(store.capacity_bytes(), store.bytes());
    }
  }
}

TEST(MemoryStore, ThreeBillionShapesCost38400BytesPerTokenOverThreeLayers) {
  MemoryStoreOptions options;
  options.num_kv_heads = 32;
  options.head_dim = 100;
  options.dtype = MemDtype::kBFloat16;
  MemoryStore layer(options);
  layer.append(at::zeros({32, 10, 100}), at::zeros({32, 10, 100}));
  EXPECT_EQ(3 * layer.bytes(), 10 * 38400);
}

TEST(MemoryStore, AppendsAcrossSegmentsKeepOrder) {
  at::manual_seed(2);
  MemoryStore store = make_store(MemDtype::kFloat32, std::nullopt, 5);
  std::vector<at::Tensor> all;
  for (int64_t count : {0, 1, 4, 9, 2, 11, 3}) all.push_back(append(store, count));
  expect_holds(store, at::cat(all, 1));
  EXPECT_GT(store.spans().size(), 1u);
}

TEST(MemoryStore, SingleTokenAppendsUseFewSegmentsAndBoundedCapacity) {
  MemoryStore store = make_store(MemDtype::kBFloat16, std::nullopt, 1024);
  const at::Tensor one = at::ones({kHeads, 1, kDim});
  for (int i = 0; i < 5000; ++i) store.append(one, one);
  EXPECT_EQ(store.size(), 5000);
  // Doubling up to 1024-token segments: 64, 64, 128, 256, 512, then 1024s.
  EXPECT_LE(store.spans().size(), 10u);
  EXPECT_LE(store.capacity_bytes(), store.bytes() + 2 * 1024 * kHeads * kDim * 2);
}

TEST(MemoryStore, Bf16AndFp16StorageRoundTripToNearest) {
  at::manual_seed(3);
  for (MemDtype dtype : {MemDtype::kBFloat16, MemDtype::kFloat16}) {
    MemoryStore store = make_store(dtype, std::nullopt, 7);
    at::Tensor k = tokens(19), v = tokens(19);
    store.append(k, v);
    const auto st = to_scalar_type(dtype);
    EXPECT_EQ(store.keys().scalar_type(), st);
    EXPECT_TRUE(at::equal(store.keys(), k.to(st)));
    EXPECT_TRUE(at::equal(store.values(), v.to(st)));
    const double ulp = dtype == MemDtype::kBFloat16 ? 1.0 / 256 : 1.0 / 2048;
    EXPECT_TRUE(at::allclose(store.keys().to(at::kFloat), k, ulp, 0.0));
  }
}

TEST(MemoryStore, FloatStorageIsExact) {
  at::manual_seed(4);
  MemoryStore store = make_store(MemDtype::kFloat32);
  at::Tensor k = append(store, 33);
  EXPECT_TRUE(at::equal(store.keys(), k));
}

TEST(MemoryStore, CapEvictsOldestAndKeepsNewest) {
  at::manual_seed(5);
  MemoryStore store = make_store(MemDtype::kFloat32, 10, 4);
  std::vector<at::Tensor> all;
  int64_t total = 0;
  for (int64_t count : {3, 4, 5, 1, 12, 2}) {
    all.push_back(append(store, count));
    total += count;
    at::Tensor everything = at::cat(all, 1);
    const int64_t kept = std::min<int64_t>(total, 10);
    expect_holds(store, everything.slice(1, total - kept));
    EXPECT_EQ(store.evicted(), total - kept);
    EXPECT_EQ(store.bytes(), 2 * kept * kHeads * kDim * 4);
  }
}

TEST(MemoryStore, CappedStoreCapacityStaysBounded) {
  MemoryStore store = make_store(MemDtype::kFloat32, 100, 64);
  const at::Tensor one = at::ones({kHeads, 3, kDim});
  for (int i = 0; i < 1000; ++i) store.append(one, one);
  EXPECT_EQ(store.size(), 100);
  EXPECT_LE(store.capacity_bytes(), 2 * (100 + 2 * 64) * kHeads * kDim * 4);
}

TEST(MemoryStore, ForksAreIndependent) {
  at::manual_seed(6);
  MemoryStore base = make_store(MemDtype::kBFloat16, std::nullopt, 1000);
  at::Tensor prefix = append(base, 20);  // the tail segment has room left, shared by the forks
  MemoryStore a = base.fork();
  MemoryStore b = base.fork();
  at::Tensor b_new = append(b, 5);  // b takes the shared tail first
  at::Tensor a_new = append(a, 7);  // a must not overwrite b's tokens nor see them
  MemoryStore c = a.fork();
  at::Tensor c_new = append(c, 3);
  at::Tensor a_more = append(a, 2);

  expect_holds(base, prefix);
  expect_holds(b, at::cat({prefix, b_new}, 1));
  expect_holds(a, at::cat({prefix, a_new, a_more}, 1));
  expect_holds(c, at::cat({prefix, a_new, c_new}, 1));
}

TEST(MemoryStore, EvictionInAForkLeavesTheOriginal) {
  at::manual_seed(7);
  MemoryStore base = make_store(MemDtype::kFloat32, 12, 5);
  at::Tensor prefix = append(base, 12);
  MemoryStore fork = base.fork();
  at::Tensor more = append(fork, 8);
  expect_holds(base, prefix);
  expect_holds(fork, at::cat({prefix, more}, 1).slice(1, 8));
}

TEST(MemoryStore, RejectsBadOptionsAndInput) {
  EXPECT_THROW(make_store(MemDtype::kFloat32, 0), InputError);
  try {
    parse_mem_dtype("int8", "mem_dtype");
    FAIL() << "int8 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("mem_dtype"), std::string::npos);
  }
  EXPECT_EQ(parse_mem_dtype("bf16"), MemDtype::kBFloat16);
  EXPECT_EQ(parse_mem_dtype("float16"), MemDtype::kFloat16);
  EXPECT_EQ(parse_mem_dtype("float32"), MemDtype::kFloat32);
  MemoryStore store = make_store(MemDtype::kFloat32);
  EXPECT_THROW(store.append(at::zeros({kHeads + 1, 2, kDim}), at::zeros({kHeads + 1, 2, kDim})),
               std::invalid_argument);
  EXPECT_THROW(store.append(at::zeros({kHeads, 2, kDim}), at::zeros({kHeads, 3, kDim})), std::invalid_argument);
}

}  // namespace
}  // namespace fot
