// One FoT memory-layer attention step with LongLLaMA-3B shapes: a 512-token window (32 query heads of
// 100, no GQA) against M = 16K, 64K and 256K bf16 memory tokens, dense and exact top-k (k = 128).
// Counters: GFLOPS (dense-equivalent 4 H Tq M D, also for top-k), cpu_s_per_step (process CPU time),
// peak_extra_MiB (resident memory the step adds on top of the store: peak RSS during the step, reset
// through /proc/self/clear_refs, minus RSS before it).
// Afterwards measures the 256K/64K time ratio (linear in M: 4) in rounds of a 64K step, a 256K step
// and a 64K step again, each round's ratio taken against the mean of its two 64K steps, and prints
// the median over the rounds (--pairs=N rounds, default 3): on a shared machine whose speed drifts by
// 10-30% from one minute to the next, only steps taken side by side compare. Also prints the peak
// extra memory at 256K.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/blas_context.h"
#include "models/fot/memory_attention.h"
#include "models/fot/memory_store.h"

namespace {

constexpr int64_t kHeads = 32, kHeadDim = 100, kWindow = 512, kTopK = 128;

// A store of `tokens` random bf16 tokens, appended window by window as prefill would; built once.
const fot::MemoryStore& store(int64_t tokens) {
  static std::map<int64_t, std::unique_ptr<fot::MemoryStore>> stores;
  auto& slot = stores[tokens];
  if (!slot) {
    fot::MemoryStoreOptions options;
    options.num_kv_heads = kHeads;
    options.head_dim = kHeadDim;
    options.dtype = fot::MemDtype::kBFloat16;
    slot = std::make_unique<fot::MemoryStore>(options);
    for (int64_t done = 0; done < tokens; done += 2048) {
      const int64_t n = std::min<int64_t>(2048, tokens - done);
      slot->append(at::randn({kHeads, n, kHeadDim}), at::randn({kHeads, n, kHeadDim}));
    }
  }
  return *slot;
}

int64_t status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string key = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.compare(0, key.size(), key) == 0) return std::stoll(line.substr(key.size()));
  return -1;
}

// Returns the RSS after releasing freed heap pages and resetting the peak (VmHWM) to it.
int64_t reset_peak_rss_kib() {
  malloc_trim(0);
  std::ofstream("/proc/self/clear_refs") << "5";
  return status_kib("VmRSS");
}

// Fastest step seen (over iterations and --benchmark_repetitions): the least disturbed by other load.
struct Result {
  double seconds = 1e300;      // wall time per step
  double cpu_seconds = 1e300;  // process CPU time per step (all threads)
  double peak_extra_mib = 0;   // largest over all steps
};
std::map<std::pair<int64_t, int64_t>, Result> results;  // (top_k, M)

void BM_MemoryAttentionStep(benchmark::State& state) {
  const int64_t memory = state.range(0), top_k = state.range(1);
  const fot::MemoryStore& mem = store(memory);
  const at::Tensor q = at::randn({kHeads, kWindow, kHeadDim});
  fot::MemoryAttentionOptions options;
  options.top_k = top_k;
  // Warm-up on a few queries: faults in the code pages (shared-library text counts in RSS) and
  // thread buffers, so the peak measures the step's own temporaries.
  fot::memory_attention(q.slice(1, 0, 8), mem, options);
  Result& best = results[{top_k, memory}];
  double peak_mib = 0, cpu_seconds = 0;
  int64_t steps = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const int64_t before = reset_peak_rss_kib();
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    fot::AttentionPart part = fot::memory_attention(q, mem, options);
    benchmark::DoNotOptimize(part.out.data_ptr<float>());
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    cpu_seconds += cpu;
    best.seconds = std::min(best.seconds, wall);
    best.cpu_seconds = std::min(best.cpu_seconds, cpu);
    ++steps;
    state.PauseTiming();
    peak_mib = std::max(peak_mib, (status_kib("VmHWM") - before) / 1024.0);
    part = {};
    state.ResumeTiming();
  }
  best.peak_extra_mib = std::max(best.peak_extra_mib, peak_mib);
  state.counters["cpu_s_per_step"] = cpu_seconds / steps;
  state.counters["GFLOPS"] = benchmark::Counter(4.0 * kHeads * kWindow * memory * kHeadDim / 1e9,
                                                benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_extra_MiB"] = peak_mib;
  state.counters["store_MiB"] = static_cast<double>(mem.bytes()) / (1 << 20);
  state.SetLabel(top_k > 0 ? "top-k " + std::to_string(top_k) : "dense");
}

BENCHMARK(BM_MemoryAttentionStep)
    ->ArgNames({"M", "top_k"})
    ->ArgsProduct({{16 << 10, 64 << 10, 256 << 10}, {0, kTopK}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

double step_seconds(int64_t memory, int64_t top_k, const at::Tensor& q) {
  fot::MemoryAttentionOptions options;
  options.top_k = top_k;
  const auto start = std::chrono::steady_clock::now();
  fot::AttentionPart part = fot::memory_attention(q, store(memory), options);
  benchmark::DoNotOptimize(part.out.data_ptr<float>());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Removes --pairs=N from argv (Google Benchmark rejects flags it does not know); -1 when N is not
// a whole number >= 0.
int take_pairs_flag(int& argc, char** argv) {
  int pairs = 3;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--pairs=", 0) == 0) {
      const std::string value = arg.substr(8);
      const bool digits = !value.empty() && value.size() <= 4 &&
                          std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
      pairs = digits ? std::stoi(value) : -1;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  return pairs;
}

}  // namespace

int main(int argc, char** argv) {
  const int pairs = take_pairs_flag(argc, argv);
  if (pairs < 0) {
    std::fprintf(stderr, "memory_attention_bench: --pairs expects a whole number of rounds (0-9999)\n");
    return 2;
  }
  fot::bench::add_blas_context();
  benchmark::AddCustomContext("aten_threads", std::to_string(at::get_num_threads()));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  const at::Tensor q = at::randn({kHeads, kWindow, kHeadDim});
  for (int64_t top_k : {int64_t{0}, kTopK}) {
    auto large = results.find({top_k, 256 << 10});
    if (results.find({top_k, 64 << 10}) == results.end() || large == results.end() || pairs <= 0) continue;
    std::vector<double> ratios;
    std::string rounds;
    for (int i = 0; i < pairs; ++i) {
      const double before_s = step_seconds(64 << 10, top_k, q), large_s = step_seconds(256 << 10, top_k, q);
      const double small_s = (before_s + step_seconds(64 << 10, top_k, q)) / 2;
      ratios.push_back(large_s / small_s);
      rounds += fmt::format("{}{:.2f}/{:.2f} s", i ? ", " : "", large_s, small_s);
    }
    std::sort(ratios.begin(), ratios.end());
    std::printf("%-11s 256K/64K ratio: %.2f, median of %d side-by-side rounds (%s) (linear: 4, target 3.5-4.5); "
                "peak extra memory at 256K %.0f MiB (target < 1024)\n",
                top_k > 0 ? ("top-k " + std::to_string(top_k)).c_str() : "dense", ratios[ratios.size() / 2], pairs,
                rounds.c_str(), large->second.peak_extra_mib);
  }
  return 0;
}
