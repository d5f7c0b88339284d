// RULER's synthetic task table (scripts/synthetic.yaml at c3f5e3b): each name with its generator
// and arguments, and the defaults prepare.py adds (tokens_to_generate from constants.py, seed 42).
#pragma once

#include <string>
#include <vector>

#include "tasks/ruler/ruler_settings.h"

namespace fot::ruler {

struct Entry {
  std::string name;         // e.g. "niah_multikey_2"
  std::string description;  // one line, for `fot-eval list`
  Settings defaults;
};

const std::vector<Entry>& entries();
const Entry* find_entry(const std::string& name);  // nullptr when not a RULER task

// RULER's run.sh lengths, shortest first, and config_tasks.sh's sample count.
const std::vector<int64_t>& default_context_lengths();
constexpr int64_t kDefaultNumSamples = 500;

}  // namespace fot::ruler
