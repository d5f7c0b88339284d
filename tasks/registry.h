// The task table: every task the harness knows, in one place (registry.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/config_keys.h"
#include "common/config_node.h"
#include "tasks/task.h"

namespace fot {

struct TaskKind {
  std::string name;
  std::string description;  // one line, for `fot-eval list`
  std::vector<std::string> variants;
  // Builds a configured task from its YAML entry (keys already include "name"); run_seed is the
  // run's base seed (trial seeds derive from it unless the entry lists seeds).
  std::unique_ptr<Task> (*parse)(const ConfigNode& entry, uint64_t run_seed);
  std::vector<const ConfigSection*> sections;  // the keys of its entries, per variant
};

const std::vector<TaskKind>& task_registry();
std::vector<std::string> task_names();
const TaskKind* find_task(const std::string& name);  // nullptr when unknown

}  // namespace fot
