// The cost bar of the few-shot tasks (issue "TREC and WebQS few-shot"): TREC fine at an 8K-token
// budget, one draw, on a LongLLaMA (default: the shipped zoo/tiny-longllama), in ONE run:
//   shared: the demonstrations read once, then the test items in batches of 32 from that state;
//   joint:  each item's whole prompt read alone (on the first --joint-items items).
// Prints the tokens that went through the model in shared mode (counted at the model seam)
// against prefix tokens + the items' and labels' tokens (bar: <= 1.1x), and the time per item of
// both modes (bar: joint / shared >= 20).
//   build/bench/icl_cost_bench --data ../shared/data [--model zoo/tiny-longllama] [--items 500]
//                              [--joint-items 20] [--budget 8192] [--variant fine|coarse]
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "harness/execution/executor.h"
#include "bench/counting_model.h"
#include "common/config_node.h"
#include "models/backends/torch_backends.h"
#include "models/model_factory.h"
#include "tasks/registry.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::unique_ptr<fot::Task> trec_task(const std::string& mode, int64_t budget, const std::string& data,
                                     const std::string& variant) {
  const auto path = std::filesystem::temp_directory_path() / fmt::format("icl_cost_bench_{}_{}.yaml", mode, ::getpid());
  std::ofstream(path) << fmt::format("name: trec\nvariant: {}\nmode: {}\ncontext_budgets: [{}]\ndraws: 1\ndata_dir: {}\n",
                                     variant, mode, budget, data);
  auto task = fot::find_task("trec")->parse(fot::ConfigNode::load_file(path.string()), 0);
  std::filesystem::remove(path);
  return task;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_dir = std::string(FOT_SOURCE_DIR) + "/zoo/tiny-longllama", data, variant = "fine";
  int64_t items = 500, joint_items = 20, budget = 8192;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--model") model_dir = value;
    else if (flag == "--data") data = value;
    else if (flag == "--items") items = std::stoll(value);
    else if (flag == "--joint-items") joint_items = std::stoll(value);
    else if (flag == "--budget") budget = std::stoll(value);
    else if (flag == "--variant") variant = value;
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (data.empty()) {
    std::fprintf(stderr, "usage: icl_cost_bench --data DIR (laid out as ../shared/data) [--model DIR] [--items N] "
                         "[--joint-items N] [--budget TOKENS]\n");
    return 2;
  }
  fot::register_torch_backends(&fot::make_torch_model);
  fot::ModelSpec spec;
  spec.name = "longllama";
  spec.backend = "longllama";
  spec.checkpoint = model_dir;
  fot::TextModel loaded = fot::load_text_model(spec);
  auto counter = std::make_shared<std::atomic<int64_t>>(0);
  fot::TextModel model{loaded.name, std::make_shared<fot::bench::CountingModel>(loaded.model, counter), loaded.codec};

  fot::Executor executor(model);
  const auto shared = trec_task("shared", budget, data, variant);
  const auto joint = trec_task("joint", budget, data, variant);
  std::vector<fot::WorkItem> plan = shared->plan(items);
  fot::SampleOptions options;

  // Shared, timed: batches as the runner hands them (consecutive items of one draw and budget).
  auto run_shared = [&](const fot::SampleOptions& opts) {
    std::vector<fot::SampleOutcome> out;
    const auto limit = static_cast<size_t>(fot::Executor::kItemsPerBatch);
    for (size_t first = 0; first < plan.size(); first += limit) {
      const std::vector<fot::WorkItem> batch(plan.begin() + static_cast<std::ptrdiff_t>(first),
                                             plan.begin() + static_cast<std::ptrdiff_t>(std::min(plan.size(), first + limit)));
      for (auto& outcome : executor.run(*shared, batch, opts)) out.push_back(std::move(outcome));
    }
    return out;
  };
  const auto shared_start = Clock::now();
  const auto shared_outcomes = run_shared(options);
  const double shared_seconds = seconds_since(shared_start);
  const int64_t through = counter->load();
  int64_t accounted = 0, recompute = 0, correct = 0;
  for (const auto& o : shared_outcomes) {
    accounted += o.model_tokens;
    recompute += o.recompute_tokens;
    correct += o.details["correct"].get<bool>() ? 1 : 0;
  }

  // Untimed: the pieces from the logged prompts (the prefix state is cached by now): the prefix =
  // [BOS] + demonstrations, each item = its test prompt (the logged text after the last
  // separator, encoded on its own) + every label's tokens.
  fot::SampleOptions logged;
  logged.log_prompt = true;
  int64_t prefix = 0, item_and_labels = 0, n_demonstrations = 0;
  for (const auto& o : run_shared(logged)) {
    const std::string text = o.details["prompt"].get<std::string>();
    const size_t newline = text.rfind('\n'), eos = text.rfind("</s>");  // the separator after the last demonstration
    size_t start = 0;
    if (newline != std::string::npos) start = std::max(start, newline + 1);
    if (eos != std::string::npos) start = std::max(start, eos + 4);
    const auto question = model.codec->encode(text.substr(start));
    prefix = static_cast<int64_t>(o.details["prompt_ids"].size() - question.size());
    item_and_labels += static_cast<int64_t>(question.size());
    for (const auto& c : o.details["candidate_ids"]) item_and_labels += static_cast<int64_t>(c.size());
    n_demonstrations = o.details["n_demonstrations"].get<int64_t>();
  }

  // Joint, timed, on the first joint_items items.
  const auto joint_plan = joint->plan(joint_items);
  const auto joint_start = Clock::now();
  int64_t joint_agree = 0, joint_correct = 0, compared = 0;
  double max_difference = 0.0, sum_difference = 0.0;
  for (size_t i = 0; i < joint_plan.size(); ++i) {
    const auto o = executor.run(*joint, joint_plan[i], options);
    const auto& s = shared_outcomes.at(i).details;
    joint_agree += o.details["prediction"] == s["prediction"] ? 1 : 0;
    joint_correct += o.details["correct"].get<bool>() ? 1 : 0;
    const auto a = o.details["label_scores"].get<std::vector<double>>(), b = s["label_scores"].get<std::vector<double>>();
    for (size_t l = 0; l < a.size(); ++l) {
      max_difference = std::max(max_difference, std::abs(a[l] - b[l]));
      sum_difference += std::abs(a[l] - b[l]);
      ++compared;
    }
  }
  const double joint_seconds = seconds_since(joint_start);

  const double ratio = static_cast<double>(through) / static_cast<double>(prefix + item_and_labels);
  const double shared_per_item = shared_seconds / static_cast<double>(plan.size());
  const double joint_per_item = joint_seconds / static_cast<double>(joint_plan.size());
  std::printf("model: %s (%s)\n", model_dir.c_str(), model.model->info().memory_config.c_str());
  std::printf("TREC %s, budget %lld, draw 1: %lld demonstrations, prefix %lld tokens, %zu test items\n",
              variant.c_str(), static_cast<long long>(budget), static_cast<long long>(n_demonstrations), static_cast<long long>(prefix),
              plan.size());
  std::printf("tokens through the model (shared, counted at the seam): %lld\n", static_cast<long long>(through));
  std::printf("prefix + items and labels: %lld + %lld = %lld\n", static_cast<long long>(prefix),
              static_cast<long long>(item_and_labels), static_cast<long long>(prefix + item_and_labels));
  std::printf("tokens ratio: %.4f (bar <= 1.1)\n", ratio);
  std::printf("task's model_tokens: %lld, recompute-everything tokens: %lld (%.1fx)\n", static_cast<long long>(accounted),
              static_cast<long long>(recompute), static_cast<double>(recompute) / static_cast<double>(accounted));
  std::printf("shared: %zu items in %.2f s, %.2f ms per item (prefix read included); accuracy %.3f\n", plan.size(),
              shared_seconds, shared_per_item * 1e3, static_cast<double>(correct) / static_cast<double>(plan.size()));
  std::printf("joint: %zu items in %.2f s, %.2f ms per item; same prediction as shared on %lld of them\n",
              joint_plan.size(), joint_seconds, joint_per_item * 1e3, static_cast<long long>(joint_agree));
  std::printf("shared vs joint label scores (mean log-prob per token): max |diff| %.4f, mean |diff| %.4f; accuracy "
              "on those items: shared %lld, joint %lld of %zu\n",
              max_difference, sum_difference / static_cast<double>(std::max<int64_t>(compared, 1)),
              static_cast<long long>(std::count_if(shared_outcomes.begin(),
                                                   shared_outcomes.begin() + static_cast<std::ptrdiff_t>(joint_plan.size()),
                                                   [](const fot::SampleOutcome& o) { return o.details["correct"].get<bool>(); })),
              static_cast<long long>(joint_correct), joint_plan.size());
  std::printf("time per item, joint / shared: %.1fx (bar >= 20)\n", joint_per_item / shared_per_item);
  return ratio <= 1.1 && joint_per_item / shared_per_item >= 20 ? 0 : 1;
}
