// Half-precision weights against the same weights held in fp32, side by side in one run, on an
// OpenLLaMA-3B-shaped random checkpoint (hidden 3200, 32 heads, MLP 8640, vocab 32000) written as
// bf16 and as fp16 safetensors and memory-mapped as the CLI would. Each round runs, interleaved:
// prefill of 512 and 2048 tokens and greedy-style decoding (one token per forward) with the weights
// as stored and with them converted to fp32 at load, plus a plain read of a buffer as large as
// the half-precision weights one decode step reads (best of 3 reads per round). Ratios are per round; the closing lines give
// their medians (bf16 storage), the spread is printed per round above them.
// usage: weights_bench [--layers N] [--rounds R] [--decode-steps S] [--dir DIR] [--fp16 0 (bf16 only)]
// targets: prefill >= 0.9x fp32 at 512 and 2048, decode >= 1.5x fp32 and >= 0.6 of the read
// bandwidth, < 1000 minor page faults per decode step.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_stats.h"
#include "bench/plain_read.h"
#include "bench/random_checkpoint.h"
#include "models/llama/half_kernels.h"
#include "models/llama/llama_model.h"
#include "models/parallel_blocks.h"

namespace {

using namespace fot::bench;  // NOLINT: timing and summary helpers (bench/bench_stats.h)

void write_checkpoint(const std::string& dir, int64_t layers, at::ScalarType dtype) {
  fot::bench::Shapes shapes;
  shapes.layers = layers;
  fot::bench::write_random_checkpoint(dir, shapes, dtype);
}

double prefill_tokens_per_s(fot::LlamaModel& model, int64_t tokens) {
  auto cache = model.make_cache();
  const auto ids = token_ids(tokens, tokens);
  const auto start = Clock::now();
  model.forward(ids, cache, fot::LogitsFor::kLast);
  return tokens / seconds_since(start);
}

struct Decode {
  double tokens_per_s = 0;
  double faults_per_step = 0;
};

// A short prompt, one untimed step (first touches), then `steps` timed single-token steps.
Decode decode(fot::LlamaModel& model, int64_t steps) {
  auto cache = model.make_cache();
  model.forward(token_ids(16, 3), cache, fot::LogitsFor::kLast);
  model.forward({42}, cache, fot::LogitsFor::kLast);
  const int64_t faults = minor_faults();
  const auto start = Clock::now();
  for (int64_t i = 0; i < steps; ++i) model.forward({static_cast<int32_t>(100 + i)}, cache, fot::LogitsFor::kLast);
  Decode d;
  d.tokens_per_s = steps / seconds_since(start);
  d.faults_per_step = static_cast<double>(minor_faults() - faults) / steps;
  return d;
}

// Bytes of weights one decode step reads: every layer matrix and the LM head (one embedding row
// is negligible).
int64_t decode_weight_bytes(const fot::Checkpoint& checkpoint) {
  int64_t bytes = 0;
  for (const auto& [name, tensor] : checkpoint.tensors)
    if (name != "model.embed_tokens.weight" && tensor.dim() == 2) bytes += tensor.numel() * tensor.element_size();
  return bytes;
}

using Ratios = std::map<std::string, std::vector<double>>;

// Rounds of side-by-side measurements for one storage dtype; returns the per-round ratios.
Ratios measure(const std::string& dir, const std::string& label, int64_t rounds, int64_t steps) {
  auto checkpoint = fot::load_checkpoint(dir);
  fot::validate_llama_tensors(checkpoint);
  const auto load_start = Clock::now();
  fot::LlamaModel f32(checkpoint, "float32");
  std::cout << fmt::format("{}: converted to fp32 at load in {:.2f} s\n", label, seconds_since(load_start));
  fot::LlamaModel half(checkpoint, "");
  {  // One untimed pass of each model: the conversion released the mapped pages, fault them back in.
    auto cache = half.make_cache();
    half.forward(token_ids(8, 1), cache, fot::LogitsFor::kLast);
    auto cache32 = f32.make_cache();
    f32.forward(token_ids(8, 1), cache32, fot::LogitsFor::kLast);
  }
  const int64_t bytes = decode_weight_bytes(checkpoint);
  std::vector<uint64_t> buffer(bytes / 8, 1);
  Ratios r;
  for (int64_t round = 0; round < rounds; ++round) {
    for (int64_t tokens : {512, 2048}) {
      const double h = prefill_tokens_per_s(half, tokens), f = prefill_tokens_per_s(f32, tokens);
      std::cout << fmt::format("{} round {}: prefill {}: {} {:.2f} tok/s, fp32 {:.2f} tok/s\n", label, round, tokens,
                               label, h, f);
      r["prefill_" + std::to_string(tokens)].push_back(h / f);
    }
    const Decode h = decode(half, steps), f = decode(f32, steps);
    const double read = fot::bench::best_read_bytes_per_s(buffer);
    const double bandwidth = bytes * h.tokens_per_s;
    std::cout << fmt::format(
        "{} round {}: decode {} {:.3f} tok/s ({:.1f} GB/s of weights, {:.0f} faults/step), fp32 {:.3f} tok/s; "
        "plain read {:.1f} GB/s\n",
        label, round, label, h.tokens_per_s, bandwidth / 1e9, h.faults_per_step, f.tokens_per_s, read / 1e9);
    r["decode"].push_back(h.tokens_per_s / f.tokens_per_s);
    r["bandwidth"].push_back(bandwidth / read);
    r["faults"].push_back(h.faults_per_step);
  }
  for (const auto& [name, values] : r)
    std::cout << fmt::format("{} {} per round: {} median {:.3f}\n", label, name, spread(values), median(values));
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::cout << std::unitbuf;  // progress shows as it happens (a full run takes many minutes)
  int64_t layers = 26, rounds = 3, steps = 8;
  bool with_fp16 = true;
  std::string dir = std::filesystem::temp_directory_path() / "fot_weights_bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--layers")) layers = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--decode-steps")) steps = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--fp16")) with_fp16 = std::strcmp(argv[i + 1], "0") != 0;
  }
  const char* kernels = fot::kernels_use_avx512()        ? "AVX-512"
                        : fot::half_kernels_vectorised() ? "AVX2/F16C"
                                                         : "plain C++";
  std::cout << fmt::format("{} layers, {} rounds, {} decode steps, block threads {}, kernels: {}\n", layers, rounds,
                           steps, fot::default_block_threads(), kernels);
  Ratios bf16, fp16;
  for (const auto& [label, dtype] : {std::pair<std::string, at::ScalarType>{"bf16", at::kBFloat16}, {"fp16", at::kHalf}}) {
    if (label == "fp16" && !with_fp16) continue;
    const std::string sub = dir + "/" + label;
    std::cerr << "writing a " << layers << "-layer 3B-shaped " << label << " checkpoint to " << sub << "\n";
    write_checkpoint(sub, layers, dtype);
    (label == "bf16" ? bf16 : fp16) = measure(sub, label, rounds, steps);
    std::filesystem::remove_all(sub);
  }
  if (with_fp16)
    std::cout << fmt::format("prefill_512_fp16_vs_f32: {:.3f}\n", median(fp16["prefill_512"]))
              << fmt::format("prefill_2048_fp16_vs_f32: {:.3f}\n", median(fp16["prefill_2048"]))
              << fmt::format("decode_fp16_vs_f32: {:.3f}\n", median(fp16["decode"]));
  std::cout << fmt::format("prefill_512_half_vs_f32: {:.3f}\n", median(bf16["prefill_512"]))
            << fmt::format("prefill_2048_half_vs_f32: {:.3f}\n", median(bf16["prefill_2048"]))
            << fmt::format("decode_half_vs_f32: {:.3f}\n", median(bf16["decode"]))
            << fmt::format("decode_bandwidth_half: {:.3f}\n", median(bf16["bandwidth"]))
            << fmt::format("faults_per_decode_step: {:.0f}\n", median(bf16["faults"]));
  return 0;
}
