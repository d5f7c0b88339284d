#include "harness/runner/plan.h"

#include "harness/util/sha256.h"

namespace fot {

std::vector<PlannedGroup> make_plan(const RunConfig& config, int64_t limit) {
  std::vector<PlannedGroup> plan;
  for (const auto& model : config.models) {
    for (const auto& task : config.tasks) {
      PlannedGroup group;
      group.model = &model;
      group.task = &task;
      const nlohmann::json task_canonical = task.task->canonical();
      group.model_hash = sha256_hex(model.canonical.dump());
      group.task_hash = sha256_hex(task_canonical.dump());
      group.config_hash = sha256_hex(nlohmann::json{{"model", model.canonical}, {"task", task_canonical}}.dump());
      const std::string prefix = model.spec.name + "|" + group.config_hash.substr(0, 16) + "|";
      for (auto& item : task.task->plan(limit)) {
        std::string key = prefix + item.key();
        group.samples.push_back({std::move(key), std::move(item)});
      }
      plan.push_back(std::move(group));
    }
  }
  return plan;
}

std::string run_config_hash(const std::vector<PlannedGroup>& plan) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& group : plan)
    all.push_back({{"model", group.model->spec.name}, {"config_hash", group.config_hash}});
  return sha256_hex(all.dump());
}

}  // namespace fot
