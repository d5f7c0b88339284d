// A YAML document as JSON, plain scalars typed by YAML 1.2's core schema (numbers stay numbers,
// true/false are booleans, quoted scalars stay strings), for the config copy in run records.
#pragma once

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

namespace fot {

nlohmann::json yaml_to_json(const YAML::Node& node);

}  // namespace fot
