// How long the paper's few-shot sweep takes on a CPU, measured on LongLLaMA-3B shapes with random
// weights (hidden 3200, 32 heads, MLP 8640, vocab 32000, window 2048; layer 1 a memory layer) and
// the OpenLLaMA v1 tokenizer, for --layers N (default 2 and 4, to separate the per-layer cost from
// the fixed one): the demonstration prefix at a budget, then a few TREC fine items (50 labels) and
// WebQS items (greedy, up to 30 tokens) in shared mode. Prints seconds per prefix token, per TREC
// item and per WebQS item, and the extrapolation to 26 layers (t26 = t_a + (26 - a) (t_b - t_a) / (b - a)).
//   build/bench/icl_3b_time_bench --data ../shared/data [--budget 2048] [--items 4]
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness/execution/executor.h"
#include "bench/random_checkpoint.h"
#include "common/config_node.h"
#include "models/backends/longllama_backend.h"
#include "models/text_codec.h"
#include "models/tokenizer/tokenizer.h"
#include "tasks/registry.h"

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::unique_ptr<fot::Task> task(const std::string& name, int64_t budget, const std::string& data) {
  const auto path = std::filesystem::temp_directory_path() / fmt::format("icl_3b_{}_{}.yaml", name, ::getpid());
  std::ofstream(path) << fmt::format("name: {}\ncontext_budgets: [{}]\ndraws: 1\ndata_dir: {}\n", name, budget, data);
  auto out = fot::find_task(name)->parse(fot::ConfigNode::load_file(path.string()), 0);
  std::filesystem::remove(path);
  return out;
}

struct Times {
  double prefix_per_token = 0, trec_item = 0, webqs_item = 0;
};

Times measure(int64_t layers, int64_t budget, int64_t items, const std::string& data,
              const std::shared_ptr<const fot::TextCodec>& codec) {
  fot::bench::Shapes shapes;
  shapes.layers = layers;
  shapes.context = 2048;
  fot::Checkpoint checkpoint = fot::bench::random_checkpoint(shapes);
  checkpoint.config.mem_layers = std::vector<int32_t>{1};
  checkpoint.config.last_context_length = 1024;
  fot::LongLlamaOptions options;
  fot::TextModel model{"random-3b", std::make_shared<fot::LongLlamaBackend>(checkpoint, options), codec};
  fot::Executor executor(model);
  Times t;
  for (const std::string name : {"trec", "webqs"}) {
    auto few_shot = task(name, budget, data);
    const auto plan = few_shot->plan(items);
    const auto first = Clock::now();
    const auto one = executor.run(*few_shot, std::vector<fot::WorkItem>{plan.front()}, {});  // reads the prefix
    const double with_prefix = seconds_since(first);
    const auto rest_start = Clock::now();
    const std::vector<fot::WorkItem> rest(plan.begin() + 1, plan.end());
    executor.run(*few_shot, rest, {});
    const double per_item = seconds_since(rest_start) / static_cast<double>(rest.size());
    const double prefix = with_prefix - per_item;
    std::printf("layers %lld %s: prefix %lld tokens %.1f s, %.2f s per item (%zu items)\n", static_cast<long long>(layers),
                name.c_str(), static_cast<long long>(*one.front().context_tokens), prefix, per_item, rest.size());
    if (name == "trec") {
      t.prefix_per_token = prefix / static_cast<double>(*one.front().context_tokens);
      t.trec_item = per_item;
    } else {
      t.webqs_item = per_item;
    }
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  int64_t budget = 2048, items = 4, a = 2, b = 4;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--data") data = value;
    else if (flag == "--budget") budget = std::stoll(value);
    else if (flag == "--items") items = std::stoll(value);
    else if (flag == "--layers-a") a = std::stoll(value);
    else if (flag == "--layers-b") b = std::stoll(value);
  }
  if (data.empty()) {
    std::fprintf(stderr, "usage: icl_3b_time_bench --data DIR [--budget 2048] [--items 4] [--layers-a 2 --layers-b 4]\n");
    return 2;
  }
  auto codec = fot::make_sentencepiece_codec(fot::Tokenizer::load(data + "/open_llama_tokenizer/tokenizer.model"));
  const Times ta = measure(a, budget, items, data, codec), tb = measure(b, budget, items, data, codec);
  auto at26 = [&](double x, double y) { return x + (26.0 - static_cast<double>(a)) * (y - x) / static_cast<double>(b - a); };
  std::printf("26 layers (extrapolated): %.4f s per prefix token, %.1f s per TREC item, %.1f s per WebQS item\n",
              at26(ta.prefix_per_token, tb.prefix_per_token), at26(ta.trec_item, tb.trec_item),
              at26(ta.webqs_item, tb.webqs_item));
  return 0;
}
