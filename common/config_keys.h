// One declaration per config key: the tables the parsers check keys against are the tables the
// config reference (docs/config.md) is printed from, so the two cannot drift.
#pragma once

#include <string>
#include <vector>

#include "common/config_node.h"

namespace fot {

struct ConfigKey {
  const char* key;
  const char* type;           // e.g. "integer >= 1", "list of integers", "string"
  const char* default_value;  // "required" when the key must be given
  const char* meaning;
};

struct ConfigSection {
  std::string name;   // e.g. "models[]", "models[].memory", "tasks[] (passkey, variant: tokens)"
  std::string intro;  // one paragraph
  std::vector<ConfigKey> keys;
};

std::vector<std::string> key_names(const ConfigSection& section);

// Rejects keys the section does not declare (suggesting the closest), as ConfigNode::check_keys.
void check_keys(const ConfigNode& node, const ConfigSection& section);

// The Markdown reference of these sections, in order.
std::string config_reference_markdown(const std::vector<const ConfigSection*>& sections);

}  // namespace fot
