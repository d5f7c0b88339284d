// Paths in run configs: ${VAR} expands from the environment (e.g. ${FOT_SHARED_DATA}), and a
// relative path is relative to the config file's directory.
#pragma once

#include <string>

#include "common/config_node.h"

namespace fot {

// Expands ${VAR}; fails at `node` naming an unset variable or an unclosed "${".
std::string expand_env(const std::string& text, const ConfigNode& node);

// expand_env, then resolve against `base_dir` unless absolute.
std::string resolve_path(const ConfigNode& node, const std::string& base_dir);

}  // namespace fot
