// Paths in run configs: ${VAR} expands from the environment (e.g. ${FOT_SHARED_DATA}), and a
// relative path is relative to the config file's directory.
#pragma once

#include <string>
#include <vector>

#include "common/config_node.h"

namespace fot {

// Expands ${VAR}; fails at `node` naming an unset variable or an unclosed "${".
std::string expand_env(const std::string& text, const ConfigNode& node);

// Every ${VAR} of the document's scalars whose variable is unset, one line each
// ("<file:line:col>: <path>: environment variable 'VAR' is not set"), in document order, so a
// config error names them all at once.
std::vector<std::string> unset_variables(const ConfigNode& root);

// expand_env, then resolve against `base_dir` unless absolute.
std::string resolve_path(const ConfigNode& node, const std::string& base_dir);

}  // namespace fot
