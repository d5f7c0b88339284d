#include "harness/planning/plan.h"

#include "common/sha256.h"
#include "models/content_fingerprint.h"

namespace fot {

nlohmann::json model_identity(const ModelEntry& model) {
  const ModelSpec& spec = model.spec;
  nlohmann::json identity = model.canonical;
  // Paths as written say nothing about what they hold: the content fingerprint replaces them.
  identity.erase("checkpoint");
  identity.erase("tokenizer");
  identity["content"] = model_content_fingerprint(spec);
  return identity;
}

std::vector<PlannedGroup> make_plan(const RunConfig& config, int64_t limit) {
  std::vector<PlannedGroup> plan;
  for (const auto& model : config.models) {
    const nlohmann::json identity = model_identity(model);
    const std::string model_hash = sha256_hex(identity.dump());
    for (const auto& task : config.tasks) {
      PlannedGroup group;
      group.model = &model;
      group.task = &task;
      group.task_index = task.index;
      const nlohmann::json task_canonical = task.task->canonical();
      const nlohmann::json settings = task.task->sample_settings();
      group.model_hash = model_hash;
      group.task_hash = sha256_hex(task_canonical.dump());
      group.config_hash = sha256_hex(nlohmann::json{{"model", identity}, {"task", task_canonical}}.dump());
      for (auto& item : task.task->plan(limit)) {
        const std::string id = sha256_hex(nlohmann::json{{"model", model_hash},
                                                         {"settings", settings},
                                                         {"point", item.point()},
                                                         {"trial", item.trial},
                                                         {"seed", item.seed}}
                                              .dump());
        std::string key = model.spec.name + "|" + task.task->name() + "|" + item.key() + "|" + id.substr(0, 16);
        group.samples.push_back({std::move(key), std::move(item)});
      }
      plan.push_back(std::move(group));
    }
  }
  return plan;
}

std::string run_hash(const std::vector<PlannedGroup>& plan) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& group : plan)
    all.push_back({{"model", group.model->spec.name}, {"config_hash", group.config_hash}});
  return sha256_hex(all.dump());
}

GroupManifest group_manifest(const PlannedGroup& group) {
  GroupManifest out;
  out.model = group.model->spec.name;
  out.task = group.task->task->name();
  out.variant = group.task->task->variant();
  out.task_index = group.task_index;
  out.model_hash = group.model_hash;
  out.task_hash = group.task_hash;
  out.config_hash = group.config_hash;
  out.axes = group.task->task->axes();
  out.metrics = group.task->task->metrics();
  out.summary_rows = group.task->task->summary_rows();
  out.length_tables = group.task->task->length_tables();
  for (const auto& sample : group.samples) out.keys.push_back(sample.key);
  return out;
}

}  // namespace fot
