// The whole model, end to end, against this CPU's own limits and (optionally) llama.cpp, side by
// side in one run. Writes a random OpenLLaMA-3B-shaped bf16 safetensors checkpoint once (kept in
// --dir between runs; --checkpoint DIR takes an existing one) and measures, in interleaved rounds:
//   - prefill of 512 and 2048 tokens (LogitsFor::kLast, the KV cache reused across calls, as a
//     harness reuses its buffers), tokens/s and minor page faults per token after an untimed first call;
//   - greedy decoding of --decode-steps new tokens after a 512-token prompt, tokens/s;
//   - the fp32 GEMM rate: one layer's seven products at 512 and 2048 rows with fp32 weights, on
//     every fp32 GEMM the process has (OpenBLAS through LibTorch, oneDNN), best one counted, as
//     tokens/s of a whole forward's linear layers (2 x parameters FLOP per token, attention not
//     counted: it is what the model adds on top);
//   - the plain read rate (bench/plain_read.h) over a buffer of up to 2 GiB, against the bytes of
//     weights one decode step reads;
//   - with LLAMA_BENCH (path of llama.cpp's llama-bench) and --gguf-f16 / --gguf-bf16 (the same
//     weights written by bench/write_gguf.py), `llama-bench -p 512,2048 -n 32 -r 1` between ours.
// Each figure is the median of the rounds; ratios are taken per round, then their median.
// usage: whole_model_bench [--layers N] [--rounds R] [--decode-steps S] [--dir DIR] [--checkpoint DIR]
//          [--hidden H --intermediate I --heads A --vocab V] [--gguf-f16 F] [--gguf-bf16 F]
// The 3B run needs about 7 GB of RAM for the weights (plus 1.4 GB of KV cache at 2048 tokens);
// CI runs only a tiny smoke test (tests/bench_smoke).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/bench_stats.h"
#include "bench/plain_read.h"
#include "bench/random_checkpoint.h"
#include "models/llama/bf16_gemm.h"
#include "models/llama/fp32_gemm.h"
#include "models/llama/half_kernels.h"
#include "models/llama/llama_model.h"
#include "models/parallel_blocks.h"

namespace {

using namespace fot::bench;  // NOLINT: timing and summary helpers (bench/bench_stats.h)

constexpr int64_t kShort = 512, kLong = 2048;

struct Options {
  fot::bench::Shapes shapes;
  int64_t rounds = 3, steps = 32;
  std::string dir = (std::filesystem::temp_directory_path() / "fot_whole_model_bench").string();
  std::string checkpoint, gguf_f16, gguf_bf16;
};

Options parse(int argc, char** argv) {
  Options o;
  o.shapes.layers = 26;
  o.shapes.context = kLong;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("whole_model_bench: " + flag + " needs a value");
    const std::string value = argv[i + 1];
    if (flag == "--layers") o.shapes.layers = std::stoll(value);
    else if (flag == "--rounds") o.rounds = std::stoll(value);
    else if (flag == "--decode-steps") o.steps = std::stoll(value);
    else if (flag == "--dir") o.dir = value;
    else if (flag == "--checkpoint") o.checkpoint = value;
    else if (flag == "--hidden") o.shapes.hidden = std::stoll(value);
    else if (flag == "--intermediate") o.shapes.intermediate = std::stoll(value);
    else if (flag == "--heads") o.shapes.heads = std::stoll(value);
    else if (flag == "--vocab") o.shapes.vocab = std::stoll(value);
    else if (flag == "--gguf-f16") o.gguf_f16 = value;
    else if (flag == "--gguf-bf16") o.gguf_bf16 = value;
    else throw std::invalid_argument("whole_model_bench: unknown flag " + flag);
  }
  return o;
}

// The checkpoint in --dir, written unless one of the same shapes is there already (writing 3B
// takes minutes; the file stays for the next run).
std::string prepared_checkpoint(const Options& o) {
  if (!o.checkpoint.empty()) return o.checkpoint;
  const auto& s = o.shapes;
  const std::string shape = fmt::format("layers {} hidden {} intermediate {} heads {} vocab {} context {}", s.layers,
                                        s.hidden, s.intermediate, s.heads, s.vocab, s.context);
  const std::string stamp = o.dir + "/shapes.txt";
  std::string written;
  std::getline(std::ifstream(stamp), written);
  if (written != shape) {
    std::cerr << "writing a random bf16 checkpoint (" << shape << ") to " << o.dir << "\n";
    std::filesystem::remove(stamp);
    fot::bench::write_random_checkpoint(o.dir, s, at::kBFloat16);
    std::ofstream(stamp) << shape << "\n";
  }
  return o.dir;
}

// Bytes of weights one decode step reads: every layer matrix and the LM head (one embedding row
// is negligible).
int64_t decode_weight_bytes(const fot::Checkpoint& checkpoint) {
  int64_t bytes = 0;
  for (const auto& [name, tensor] : checkpoint.tensors)
    if (name != "model.embed_tokens.weight" && tensor.dim() == 2) bytes += tensor.numel() * tensor.element_size();
  return bytes;
}

struct Prefill {
  double tokens_per_s = 0;
  double faults_per_token = 0;
};

Prefill prefill(fot::LlamaModel& model, fot::KVCache& cache, int64_t tokens) {
  cache.truncate(0);
  const auto ids = token_ids(tokens, tokens, model.config().vocab_size);
  const int64_t faults = minor_faults();
  const auto start = Clock::now();
  model.forward(ids, cache, fot::LogitsFor::kLast);
  const double seconds = seconds_since(start);
  return {tokens / seconds, static_cast<double>(minor_faults() - faults) / tokens};
}

int32_t greedy(const at::Tensor& logits) { return static_cast<int32_t>(logits[-1].argmax().item<int64_t>()); }

// Greedy decoding of `steps` tokens after a 512-token prompt; only the steps are timed.
double decode_tokens_per_s(fot::LlamaModel& model, fot::KVCache& cache, int64_t steps) {
  cache.truncate(0);
  int32_t next = greedy(model.forward(token_ids(kShort, 7, model.config().vocab_size), cache, fot::LogitsFor::kLast));
  const auto start = Clock::now();
  for (int64_t i = 0; i < steps; ++i) next = greedy(model.forward({next}, cache, fot::LogitsFor::kLast));
  return steps / seconds_since(start);
}

// One layer's seven fp32 products at `rows` rows on every fp32 GEMM there is; the best FLOP rate.
struct GemmRate {
  std::map<std::string, double> flops_per_s;
  double best = 0;
};

GemmRate gemm_rate(const fot::bench::Shapes& s, int64_t rows) {
  at::manual_seed(2);
  const int64_t h = s.hidden, m = s.intermediate;
  struct Product {
    at::Tensor x, w, y;
  };
  std::vector<Product> products;
  auto add = [&](int64_t in, int64_t out) {
    products.push_back({at::randn({rows, in}), at::randn({out, in}).mul_(0.02), at::empty({rows, out})});
  };
  for (int i = 0; i < 4; ++i) add(h, h);
  add(h, m);
  add(h, m);
  add(m, h);
  double flop = 0;
  for (const auto& p : products) flop += 2.0 * rows * p.w.size(0) * p.w.size(1);
  GemmRate rate;
  for (const auto& gemm : fot::fp32_gemm_backends()) {
    double best_seconds = 1e30;
    for (int rep = 0; rep < 2; ++rep) {  // best of two: the VM's drift only ever slows a run down
      const auto start = Clock::now();
      for (auto& p : products) gemm.multiply(p.x, p.w, p.y);
      best_seconds = std::min(best_seconds, seconds_since(start));
    }
    rate.flops_per_s[gemm.name] = flop / best_seconds;
    rate.best = std::max(rate.best, flop / best_seconds);
  }
  return rate;
}

// FLOP of a forward's linear layers per token (the LM head runs for the last token only).
double linear_flop_per_token(const fot::ModelConfig& c) {
  const double h = c.hidden_size, m = c.intermediate_size;
  return 2.0 * c.num_hidden_layers * (4 * h * h + 3 * h * m);
}

// llama-bench's tokens/s for pp512, pp2048 and tg<steps> (keys "pp512", "pp2048", "tg32").
std::map<std::string, double> run_llama_bench(const std::string& exe, const std::string& gguf, int64_t steps) {
  const std::string command = fmt::format("'{}' -m '{}' -t {} -p {},{} -n {} -r 1 -o json 2>/dev/null", exe, gguf,
                                          fot::default_block_threads(), kShort, kLong, steps);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string text;
  char chunk[4096];
  for (size_t n; (n = fread(chunk, 1, sizeof chunk, pipe.get())) > 0;) text.append(chunk, n);
  std::map<std::string, double> out;
  for (const auto& test : nlohmann::json::parse(text)) {
    const int64_t prompt = test.at("n_prompt"), gen = test.at("n_gen");
    out[prompt > 0 ? fmt::format("pp{}", prompt) : fmt::format("tg{}", gen)] = test.at("avg_ts");
  }
  return out;
}

using Series = std::map<std::string, std::vector<double>>;

// One table row: medians with every round's figure. The GEMM and ratio rows put the read figures
// in the decode column.
void print_row(const std::string& label, const Series& s, const std::string& prefix) {
  auto at = [&](const std::string& suffix) {
    std::string key = prefix + suffix;
    if (suffix == "decode" && (prefix == "gemm" || prefix == "vs_gemm")) key = prefix == "gemm" ? "read" : "vs_read";
    auto it = s.find(key);
    return it == s.end() ? std::string("-") : fmt::format("{:.3f} {}", median(it->second), spread(it->second));
  };
  std::cout << fmt::format("| {} | {} | {} | {} |\n", label, at("512"), at("2048"), at("decode"));
}

}  // namespace

int main(int argc, char** argv) try {
  std::cout << std::unitbuf;  // progress shows as it happens (a 3B run takes many minutes)
  const Options o = parse(argc, argv);
  const char* llama_bench = std::getenv("LLAMA_BENCH");
  std::vector<std::pair<std::string, std::string>> ggufs;
  if (llama_bench && *llama_bench) {
    if (!o.gguf_f16.empty()) ggufs.emplace_back("llama.cpp F16", o.gguf_f16);
    if (!o.gguf_bf16.empty()) ggufs.emplace_back("llama.cpp BF16", o.gguf_bf16);
  }
  const std::string dir = prepared_checkpoint(o);
  auto checkpoint = fot::load_checkpoint(dir);
  fot::validate_llama_tensors(checkpoint);
  fot::LlamaModel exact(checkpoint, "");
  const auto& config = exact.config();
  std::cout << fmt::format("{}: {} layers, hidden {}, MLP {}, vocab {}; {} rounds, {} decode steps, threads {}, "
                           "kernels {}\n",
                           dir, config.num_hidden_layers, config.hidden_size, config.intermediate_size,
                           config.vocab_size, o.rounds, o.steps, fot::default_block_threads(),
                           fot::kernels_use_avx512() ? "AVX-512" : fot::half_kernels_vectorised() ? "AVX2/F16C" : "plain C++");
  const int64_t bytes = decode_weight_bytes(checkpoint);
  std::vector<uint64_t> buffer(std::min<int64_t>(bytes, int64_t{2} << 30) / 8, 1);
  auto cache = exact.make_cache();
  const double flop_per_token = linear_flop_per_token(config);

  std::unique_ptr<fot::LlamaModel> bf16;  // the same mapped weights, compute_dtype bfloat16
  if (fot::bf16_gemm_supported()) bf16 = std::make_unique<fot::LlamaModel>(checkpoint, "", fot::ComputeDtype::kBFloat16);
  else std::cout << "this CPU lacks AVX512_BF16: compute_dtype bfloat16 is not measured\n";

  Series s;  // per round: "ours512", "oursdecode", "<llama label>2048", "vs_gemm512", ratios "ours/<label>512", ...
  auto llama_cpp = [&](int64_t round, const std::string& label, const std::string& gguf) {
    const auto figures = run_llama_bench(llama_bench, gguf, o.steps);
    const std::string tg = fmt::format("tg{}", o.steps);
    for (const auto& [key, suffix] : {std::pair<std::string, std::string>{"pp512", "512"}, {"pp2048", "2048"}, {tg, "decode"}})
      s[label + suffix].push_back(figures.count(key) ? figures.at(key) : std::numeric_limits<double>::quiet_NaN());
    std::cout << fmt::format("round {}: {}: pp512 {:.2f}, pp2048 {:.2f}, {} {:.2f} tok/s\n", round, label,
                             s[label + "512"].back(), s[label + "2048"].back(), tg, s[label + "decode"].back());
  };
  // Prefill at both lengths and decoding of one model; `ours` names its series ("ours", "bf16").
  auto measure = [&](int64_t round, fot::LlamaModel& model, const std::string& ours) {
    // An untimed step first: pages another program's run pushed out come back before timing.
    cache.truncate(0);
    model.forward({42}, cache, fot::LogitsFor::kLast);
    double faults = 0;
    for (int64_t tokens : {kShort, kLong}) {
      const Prefill p = prefill(model, cache, tokens);
      s[fmt::format("{}{}", ours, tokens)].push_back(p.tokens_per_s);
      faults += p.faults_per_token * tokens;
      std::cout << fmt::format("round {}: {} prefill {}: {:.2f} tok/s, {:.1f} faults/token\n", round, ours, tokens,
                               p.tokens_per_s, p.faults_per_token);
    }
    s[ours + "faults"].push_back(faults / (kShort + kLong));
    const double decode = decode_tokens_per_s(model, cache, o.steps);
    s[ours + "decode"].push_back(decode);
    std::cout << fmt::format("round {}: {} decode {:.3f} tok/s ({:.1f} GB/s of weights)\n", round, ours, decode,
                             decode * bytes / 1e9);
  };
  // First calls, untimed: the faults counted are those of calls after the first (the allocator's
  // blocks, the KV cache at full length), as in a harness that runs many prompts.
  for (int64_t tokens : {kShort, kLong}) prefill(exact, cache, tokens);
  for (int64_t round = 0; round < o.rounds; ++round) {
    if (!ggufs.empty()) llama_cpp(round, ggufs[0].first, ggufs[0].second);
    measure(round, exact, "ours");
    for (int64_t tokens : {kShort, kLong}) {
      const GemmRate g = gemm_rate(o.shapes, tokens);
      const double gemm_tokens_per_s = g.best / flop_per_token;
      s[fmt::format("gemm{}", tokens)].push_back(gemm_tokens_per_s);
      s[fmt::format("vs_gemm{}", tokens)].push_back(s[fmt::format("ours{}", tokens)].back() / gemm_tokens_per_s);
      std::string rates;
      for (const auto& [name, rate] : g.flops_per_s) rates += fmt::format(", {} {:.1f} GFLOPS", name, rate / 1e9);
      std::cout << fmt::format("round {}: fp32 GEMM at {} rows: {:.2f} tok/s{}; prefill / GEMM {:.3f}\n", round, tokens,
                               gemm_tokens_per_s, rates, s[fmt::format("vs_gemm{}", tokens)].back());
    }
    const double read = fot::bench::best_read_bytes_per_s(buffer);
    s["read"].push_back(read / bytes);  // as decode steps per second
    s["vs_read"].push_back(s["oursdecode"].back() * bytes / read);
    std::cout << fmt::format("round {}: plain read {:.1f} GB/s; decode / read {:.3f}\n", round, read / 1e9,
                             s["vs_read"].back());
    for (size_t i = 1; i < ggufs.size(); ++i) llama_cpp(round, ggufs[i].first, ggufs[i].second);
    if (bf16) measure(round, *bf16, "bf16");
    for (const auto& [label, gguf] : ggufs)
      for (const char* key : {"512", "2048", "decode"})
        for (const std::string ours : {"ours", "bf16"})
          if (s.count(ours + key) && s[ours + key].size() == static_cast<size_t>(round + 1))
            s[ours + "/" + label + key].push_back(s[ours + key].back() / s[label + key].back());
  }

  std::cout << "\n| tokens/s, median [rounds] | prefill 512 | prefill 2048 | decode |\n|---|---|---|---|\n";
  print_row("FoT Eval, exact", s, "ours");
  if (bf16) print_row("FoT Eval, compute_dtype bfloat16", s, "bf16");
  print_row("fp32 GEMM rate (prefill) / plain read (decode)", s, "gemm");
  print_row("exact / fp32 GEMM, exact / read", s, "vs_gemm");
  for (const auto& [label, gguf] : ggufs) {
    print_row(label, s, label);
    print_row("exact / " + label, s, "ours/" + label);
    if (bf16) print_row("bfloat16 / " + label, s, "bf16/" + label);
  }
  auto figure = [&](const std::string& key) { return fmt::format("{:.3f}", median(s[key])); };
  std::cout << "prefill_512_tok_s: " << figure("ours512") << "\n"
            << "prefill_2048_tok_s: " << figure("ours2048") << "\n"
            << "decode_tok_s: " << figure("oursdecode") << "\n"
            << "prefill_512_tok_s_bf16: " << figure("bf16512") << "\n"
            << "prefill_2048_tok_s_bf16: " << figure("bf162048") << "\n"
            << "decode_tok_s_bf16: " << figure("bf16decode") << "\n"
            << "prefill_512_vs_gemm: " << figure("vs_gemm512") << "\n"
            << "prefill_2048_vs_gemm: " << figure("vs_gemm2048") << "\n"
            << "decode_vs_read: " << figure("vs_read") << "\n"
            << "faults_per_prefill_token: " << figure("oursfaults") << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "whole_model_bench: " << e.what() << "\n";
  return 1;
}
