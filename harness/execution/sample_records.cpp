#include "harness/execution/sample_records.h"

#include <cmath>
#include <string>

#include "common/sha256.h"

namespace fot {
namespace {

using nlohmann::json;

std::string prompt_hash(const TokenIds& ids) {
  Sha256 hash;
  for (int32_t id : ids) {
    const std::string text = std::to_string(id) + ",";
    hash.update(text);
  }
  return hash.hex_digest();
}

}  // namespace

json timing_record(const PlannedGroup& group, const PlannedSample& sample, const json& record,
                   const SampleOutcome& outcome, double seconds) {
  const int64_t tokens =
      outcome.model_tokens > 0 ? outcome.model_tokens : static_cast<int64_t>(outcome.prompt_ids.size());
  json timing = {{"key", sample.key},
                 {"model", group.model->spec.name},
                 {"memory_config", record.at("memory_config")},
                 {"task", group.task->task->name()},
                 {"variant", group.task->task->variant()},
                 {"tokens", tokens},
                 {"wall_s", std::round(seconds * 1e6) / 1e6},
                 {"tokens_per_s", seconds > 0 ? std::round(static_cast<double>(tokens) / seconds * 1000) / 1000 : 0.0}};
  if (outcome.context_tokens) timing["context_tokens"] = *outcome.context_tokens;
  return timing;
}

json sample_record(const PlannedGroup& group, const PlannedSample& sample, const ModelInfo& info,
                   SampleOutcome& outcome, const CodeVersion& version) {
  json record = std::move(outcome.details);
  std::string memory = outcome.memory_config.empty() ? info.memory_config : outcome.memory_config;
  if (memory.empty()) memory = group.model->spec.memory.canonical();
  record["key"] = sample.key;
  record["model"] = group.model->spec.name;
  record["memory_config"] = memory;
  record["task"] = group.task->task->name();
  record["variant"] = group.task->task->variant();
  record["point"] = sample.item.point();
  for (const auto& [name, value] : sample.item.axes.items()) record[name] = value;
  for (const auto& [name, value] : outcome.measured_axes.items()) record[name] = value;
  record["trial"] = sample.item.trial;
  record["seed"] = sample.item.seed;
  if (outcome.context_tokens) record["context_tokens"] = *outcome.context_tokens;
  record["metrics"] = outcome.metrics;
  record["model_hash"] = group.model_hash;
  record["prompt_hash"] = prompt_hash(outcome.prompt_ids);
  record_code_version(record, version);
  return record;
}

}  // namespace fot
