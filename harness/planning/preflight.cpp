#include "harness/planning/preflight.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

#include "common/input_error.h"

namespace fot {
namespace {

// Tokens of memory at which a token's memory attention costs as much as the rest of its forward
// pass: the model's per-token FLOPs over the 4 * hidden FLOPs per memory token and memory layer,
// times 1.8, the ratio measured on the quickstart's tiny-longllama (sample time 0.21 s at 2K tokens,
// 0.52 s at 4K, 1.5 s at 8K fit T * (1 + T / 6000); its FLOPs alone give 3400). About 6000 tokens
// for tiny-longllama, 170K for LongLLaMA-3B.
double memory_attention_scale(const ModelDescription& model) {
  if (!model.config || !model.memory || model.memory->layer_list.empty()) return 0.0;
  const ModelConfig& c = *model.config;
  const double h = c.hidden_size, ff = c.intermediate_size;
  const double kv = static_cast<double>(c.num_key_value_heads) / c.num_attention_heads;
  const double per_token = c.num_hidden_layers * (2 * (2 + 2 * kv) * h * h + 6 * h * ff) + 2 * h * c.vocab_size;
  return 1.8 * per_token / (4 * h * static_cast<double>(model.memory->layer_list.size()));
}

std::string gib(int64_t bytes) { return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1 << 30)); }

}  // namespace

int64_t physical_memory_bytes() {
  return static_cast<int64_t>(::sysconf(_SC_PHYS_PAGES)) * static_cast<int64_t>(::sysconf(_SC_PAGE_SIZE));
}

double sample_cost(const ModelDescription& model, int64_t tokens) {
  double seen = static_cast<double>(tokens);
  if (model.info.context_limit > 0) seen = std::min(seen, static_cast<double>(model.info.context_limit));
  const double scale = memory_attention_scale(model);
  return scale > 0 ? seen * (1.0 + seen / scale) : seen;
}

std::map<std::string, ModelCheck> preflight(const RunConfig& config, const std::vector<PlannedGroup>& plan,
                                            int64_t machine_bytes) {
  if (machine_bytes <= 0) machine_bytes = physical_memory_bytes();
  std::map<std::string, ModelCheck> out;
  for (const auto& entry : config.models) {
    ModelCheck check;
    try {
      check.description = describe_model(entry.spec);
    } catch (const InputError& error) {
      throw InputError(fmt::format("{}: models: {}", entry.where, error.what()));
    }
    ModelView view{entry.spec.name, check.description.info, make_codec(entry.spec)};
    for (const auto& group : plan) {
      if (group.model != &entry) continue;
      try {
        group.task->task->check(view);
      } catch (const InputError& error) {
        throw InputError(fmt::format("{}: tasks[{}] ({}): {}", group.task->where, group.task_index,
                                     group.task->task->name(), error.what()));
      }
      for (const auto& sample : group.samples)
        check.max_tokens = std::max(check.max_tokens, group.task->task->peak_tokens(sample.item));
    }
    check.estimated_peak_bytes = estimated_peak_bytes(check.description, entry.spec, check.max_tokens);
    if (check.estimated_peak_bytes > machine_bytes)
      throw InputError(fmt::format(
          "{}: model '{}': its largest sample ({} tokens) needs an estimated {} of memory (weights, activations, "
          "caches and FoT memory), more than this machine's {}; shorten the sweep or use a machine with more memory",
          entry.where, entry.spec.name, check.max_tokens, gib(check.estimated_peak_bytes), gib(machine_bytes)));
    out.emplace(entry.spec.name, std::move(check));
  }
  return out;
}

}  // namespace fot
