// The shared-mode prefix cache: one computation per (model, key) even when two threads ask at once,
// at most `capacity` states kept, and a released model's states never handed to another model.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "harness/execution/prefix_state_cache.h"

namespace fot {
namespace {

struct CountedState : PrefixState {
  explicit CountedState(int64_t n) : n(n) {}
  std::unique_ptr<PrefixState> fork() const override { return std::make_unique<CountedState>(n); }
  int64_t num_tokens() const override { return n; }
  int64_t n;
};

class NoModel : public LanguageModel {
 public:
  ModelInfo info() const override { return {}; }
  std::unique_ptr<PrefixState> encode_prefix(const TokenIds&) override { throw std::logic_error("unused"); }
  std::unique_ptr<PrefixState> extend(const PrefixState&, const TokenIds&) override { throw std::logic_error("unused"); }
  std::vector<std::vector<TokenScores>> loglikelihood_items(const PrefixState&, const std::vector<ScoringItem>&) override {
    throw std::logic_error("unused");
  }
  std::vector<TokenIds> generate_greedy_many(const PrefixState&, const std::vector<GenerationRequest>&,
                                             std::vector<bool>*) override {
    throw std::logic_error("unused");
  }
};

TEST(PrefixStateCache, TwoThreadsComputeOnce) {
  PrefixStateCache cache(2);
  auto model = std::make_shared<NoModel>();
  std::atomic<int> computed{0};
  auto compute = [&] {
    ++computed;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return std::make_unique<CountedState>(7);
  };
  PrefixStateCache::Lookup a, b;
  std::thread first([&] { a = cache.get(model, "draw=1", compute); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::thread second([&] { b = cache.get(model, "draw=1", compute); });
  first.join();
  second.join();
  EXPECT_EQ(computed.load(), 1);
  EXPECT_EQ(a.state.get(), b.state.get());
  EXPECT_NE(a.computed_here, b.computed_here);
  EXPECT_EQ(a.state->num_tokens(), 7);
}

TEST(PrefixStateCache, KeepsAtMostCapacityAndTellsModelsApart) {
  PrefixStateCache cache(2);
  auto model = std::make_shared<NoModel>();
  int computed = 0;
  auto compute = [&] { return std::make_unique<CountedState>(++computed); };
  EXPECT_TRUE(cache.get(model, "a", compute).computed_here);
  EXPECT_TRUE(cache.get(model, "b", compute).computed_here);
  EXPECT_FALSE(cache.get(model, "a", compute).computed_here);  // a is now the most recent
  EXPECT_TRUE(cache.get(model, "c", compute).computed_here);   // drops b
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.get(model, "a", compute).computed_here);
  EXPECT_TRUE(cache.get(model, "b", compute).computed_here);

  auto other = std::make_shared<NoModel>();
  EXPECT_TRUE(cache.get(other, "a", compute).computed_here);
  // A released model's states go; a new model is never served them, whatever its address.
  model.reset();
  auto again = std::make_shared<NoModel>();
  EXPECT_TRUE(cache.get(again, "b", compute).computed_here);
  EXPECT_LE(cache.size(), 2u);
}

TEST(PrefixStateCache, AFailedComputationIsNotCached) {
  PrefixStateCache cache(2);
  auto model = std::make_shared<NoModel>();
  EXPECT_THROW(cache.get(model, "a", []() -> std::unique_ptr<PrefixState> { throw std::runtime_error("boom"); }),
               std::runtime_error);
  EXPECT_TRUE(cache.get(model, "a", [] { return std::make_unique<CountedState>(1); }).computed_here);
}

}  // namespace
}  // namespace fot
