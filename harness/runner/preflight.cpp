#include "harness/runner/preflight.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

#include "common/input_error.h"

namespace fot {
namespace {

// Memory attention reads every earlier token for each new one; past about this many tokens of
// memory that costs as much per token as the rest of a small model's layers.
constexpr double kMemoryAttentionScale = 16384.0;

std::string gib(int64_t bytes) { return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1 << 30)); }

}  // namespace

int64_t physical_memory_bytes() {
  return static_cast<int64_t>(::sysconf(_SC_PHYS_PAGES)) * static_cast<int64_t>(::sysconf(_SC_PAGE_SIZE));
}

double sample_cost(const ModelInfo& info, int64_t tokens) {
  double seen = static_cast<double>(tokens);
  if (info.context_limit > 0) seen = std::min(seen, static_cast<double>(info.context_limit));
  if (info.backend == "longllama") return seen * (1.0 + seen / kMemoryAttentionScale);
  return seen;
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
        check.max_tokens = std::max(check.max_tokens, group.task->task->tokens(sample.item));
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
