// Prefill throughput of a stack of LLaMA-3B-shaped layers (hidden 3200, 32 heads, MLP 8640),
// fp32 weights, beside a plain fp32 matmul of the layers' biggest shape measured in the same run.
// Counters: tokens_per_s, GFLOPS (useful FLOPs: linear layers + causal half of attention), and
// of_matmul: GFLOPS over the rate of the plain matmul timed right before and right after the
// same prefill. The pairing matters on a shared machine whose speed drifts by 10-30% between
// benchmarks; BM_PlainMatmul stays as the stand-alone reference.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "bench/blas_context.h"
#include "bench/random_checkpoint.h"
#include "models/llama/llama_model.h"

namespace {

constexpr int64_t kHidden = 3200, kIntermediate = 8640, kVocab = 32000, kLayers = 2;

fot::Checkpoint random_3b_stack() {
  fot::bench::Shapes shapes;
  shapes.layers = kLayers;
  return fot::bench::random_checkpoint(shapes);
}

double layer_flops(int64_t tokens) {
  const double t = static_cast<double>(tokens);
  const double linear = 2.0 * t * (4.0 * kHidden * kHidden + 3.0 * kHidden * kIntermediate);
  const double attention = 2.0 * 2.0 * kHidden * (t * (t + 1) / 2.0);  // QK^T and PV over the causal half
  return linear + attention;
}

double matmul_flops(int64_t tokens) { return 2.0 * tokens * kHidden * kIntermediate; }

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The reference: one [T x 3200] x [3200 x 8640] fp32 matmul (the MLP's shape).
struct PlainMatmul {
  at::Tensor a, b;
  explicit PlainMatmul(int64_t tokens) : a(at::randn({tokens, kHidden})), b(at::randn({kIntermediate, kHidden})) {}
  at::Tensor run() const { return at::mm(a, b.t()); }
  double seconds() const {
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(run());
    return seconds_since(start);
  }
};

void BM_LayerStackPrefill(benchmark::State& state) {
  static fot::LlamaModel model(random_3b_stack(), "");
  const int64_t tokens = state.range(0);
  std::vector<int32_t> ids(tokens);
  for (int64_t i = 0; i < tokens; ++i) ids[i] = static_cast<int32_t>((i * 7919) % kVocab);
  const PlainMatmul matmul(tokens);
  double prefill_seconds = 0, matmul_seconds = 0;
  int64_t matmuls = 0;
  for (auto _ : state) {
    state.PauseTiming();
    matmul_seconds += matmul.seconds();
    ++matmuls;
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    auto cache = model.make_cache();
    model.forward(ids, cache, fot::LogitsFor::kNone);
    prefill_seconds += seconds_since(start);
    state.PauseTiming();
    matmul_seconds += matmul.seconds();
    ++matmuls;
    state.ResumeTiming();
  }
  const double gflops = state.iterations() * kLayers * layer_flops(tokens) / prefill_seconds / 1e9;
  const double matmul_gflops = matmuls * matmul_flops(tokens) / matmul_seconds / 1e9;
  state.counters["tokens_per_s"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["GFLOPS"] = gflops;
  state.counters["matmul_GFLOPS"] = matmul_gflops;
  state.counters["of_matmul"] = gflops / matmul_gflops;
  state.counters["layers"] = kLayers;
}

void BM_PlainMatmul(benchmark::State& state) {
  const PlainMatmul matmul(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(matmul.run());
  state.counters["GFLOPS"] = benchmark::Counter(matmul_flops(state.range(0)) / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(BM_PlainMatmul)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(BM_LayerStackPrefill)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond)->MinTime(4.0)->UseRealTime();

int main(int argc, char** argv) {
  fot::bench::add_blas_context();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
