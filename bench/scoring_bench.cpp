// The model seam's batched operations against the single calls they replace, after an 8K-token
// LongLLaMA state at 3B widths (hidden 3200, 32 heads, MLP 8640, vocab 32000, window 2048,
// last_context_length 1024) with 3 layers, layer 1 a memory layer (7168 tokens in memory, 1024 in
// the local cache). Weights are held in fp32.
//   many_continuations: 50 continuations of 1-6 tokens, 50 loglikelihood() calls / one loglikelihood_many()
//   many_items:         32 questions of 20 tokens with 6 labels each, one item per call / all in one call
//   decode_bandwidth:   greedy decoding: weight bytes read per second / plain read bandwidth of a
//                       weights-sized buffer, both timed here (tokens/s printed beside it)
// Each ratio is measured in rounds that time both sides back to back; the median round is printed at
// the end as `NAME: RATIO`, with the spread of the rounds beside it.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "bench/blas_context.h"
#include "bench/plain_read.h"
#include "bench/random_checkpoint.h"
#include "models/backends/longllama_backend.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kStateTokens = 8192;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

fot::TokenIds tokens(size_t count, uint32_t seed) {
  fot::TokenIds ids;
  uint32_t x = seed;
  while (ids.size() < count) {
    x = x * 1664525u + 1013904223u;
    ids.push_back(3 + static_cast<int32_t>((x >> 8) % 31990u));
  }
  return ids;
}

struct Model {
  fot::Checkpoint checkpoint;
  std::unique_ptr<fot::LongLlamaBackend> backend;
  std::unique_ptr<fot::PrefixState> state;
  int64_t weight_bytes = 0;  // read per decoded token: every layer, the final norm, the LM head
};

Model& model() {
  static Model m = [] {
    Model built;
    fot::bench::Shapes shapes;
    shapes.layers = 3;
    shapes.context = 2048;
    built.checkpoint = fot::bench::random_checkpoint(shapes);
    built.checkpoint.config.mem_layers = std::vector<int32_t>{1};
    built.checkpoint.config.last_context_length = 1024;
    fot::LongLlamaOptions options;
    built.backend = std::make_unique<fot::LongLlamaBackend>(built.checkpoint, options);
    auto ids = tokens(kStateTokens, 1);
    ids[0] = 1;
    const auto start = Clock::now();
    built.state = built.backend->encode_prefix(ids);
    std::fprintf(stderr, "8K state: %.1f s\n", seconds_since(start));
    for (const auto& [name, tensor] : built.checkpoint.tensors)
      if (name != "model.embed_tokens.weight") built.weight_bytes += tensor.numel() * tensor.element_size();
    return built;
  }();
  return m;
}

// Per ratio: the ratio of each round.
std::map<std::string, std::vector<double>> rounds;
std::map<std::string, std::string> notes;

void BM_ManyContinuations(benchmark::State& state) {
  auto& m = model();
  std::vector<fot::TokenIds> continuations;
  for (size_t i = 0; i < 50; ++i) continuations.push_back(tokens(1 + i % 6, 100 + i));
  for (auto _ : state) {
    auto start = Clock::now();
    for (const auto& continuation : continuations) benchmark::DoNotOptimize(m.backend->loglikelihood(*m.state, continuation));
    const double singles = seconds_since(start);
    start = Clock::now();
    benchmark::DoNotOptimize(m.backend->loglikelihood_many(*m.state, continuations));
    const double batch = seconds_since(start);
    rounds["many_continuations"].push_back(singles / batch);
    state.counters["singles_s"] = singles;
    state.counters["batch_s"] = batch;
  }
}

void BM_ManyItems(benchmark::State& state) {
  auto& m = model();
  std::vector<fot::ScoringItem> items;
  for (size_t q = 0; q < 32; ++q) {
    fot::ScoringItem item;
    item.context = tokens(20, 1000 + q);
    for (size_t l = 0; l < 6; ++l) item.continuations.push_back(tokens(1 + l % 3, 50 + l));  // the same 6 labels
    items.push_back(item);
  }
  for (auto _ : state) {
    auto start = Clock::now();
    for (const auto& item : items) benchmark::DoNotOptimize(m.backend->loglikelihood_items(*m.state, {item}));
    const double one_by_one = seconds_since(start);
    start = Clock::now();
    benchmark::DoNotOptimize(m.backend->loglikelihood_items(*m.state, items));
    const double batched = seconds_since(start);
    rounds["many_items"].push_back(one_by_one / batched);
    state.counters["one_by_one_s"] = one_by_one;
    state.counters["batched_s"] = batched;
  }
}

void BM_DecodeBandwidth(benchmark::State& state) {
  auto& m = model();
  constexpr int kNewTokens = 16;
  // A plain read of a buffer as large as the weights read per token, beside the decoding (best of
  // three multi-threaded reads, as weights_bench; a single-threaded sum() understated it 3-7x).
  const std::vector<uint64_t> buffer(static_cast<size_t>(m.weight_bytes / 8), 1);
  std::vector<double> tokens_per_s;
  for (auto _ : state) {
    const double read_s = m.weight_bytes / fot::bench::best_read_bytes_per_s(buffer);
    auto start = Clock::now();
    const auto generated = m.backend->generate_greedy(*m.state, kNewTokens, {});
    const double decode_s = seconds_since(start);
    // The first token comes from the state's logits; each later one costs one step (random weights
    // could pick EOS early: such a round has fewer steps, or none and is dropped).
    if (generated.size() < 2) continue;
    const double steps = static_cast<double>(generated.size() - 1);
    const double decode_bandwidth = steps * m.weight_bytes / decode_s;
    rounds["decode_bandwidth"].push_back(decode_bandwidth / (m.weight_bytes / read_s));
    tokens_per_s.push_back(steps / decode_s);
    state.counters["plain_read_GBps"] = m.weight_bytes / read_s / 1e9;
    state.counters["decode_weights_GBps"] = decode_bandwidth / 1e9;
    state.counters["tokens_per_s"] = steps / decode_s;
  }
  if (tokens_per_s.empty()) return state.SkipWithError("every round stopped on EOS at once");
  std::sort(tokens_per_s.begin(), tokens_per_s.end());
  notes["decode_bandwidth"] = "tokens/s " + std::to_string(tokens_per_s[tokens_per_s.size() / 2]) + ", weights " +
                              std::to_string(m.weight_bytes / 1e9).substr(0, 5) + " GB fp32";
}

}  // namespace

BENCHMARK(BM_ManyContinuations)->Iterations(3)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_ManyItems)->Iterations(3)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_DecodeBandwidth)->Iterations(3)->Unit(benchmark::kSecond)->UseRealTime();

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fot::bench::add_blas_context();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (auto& [name, values] : rounds) {
    std::sort(values.begin(), values.end());
    std::fprintf(stderr, "%s: %zu rounds, min %.3f, max %.3f%s%s\n", name.c_str(), values.size(), values.front(),
                 values.back(), notes.count(name) ? ", " : "", notes.count(name) ? notes[name].c_str() : "");
  }
  for (auto& [name, values] : rounds) std::printf("%s: %.3f\n", name.c_str(), values[values.size() / 2]);
  return 0;
}
