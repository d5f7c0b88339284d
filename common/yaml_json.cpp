#include "common/yaml_json.h"

#include <regex>

namespace fot {
namespace {

using nlohmann::json;

// A plain scalar typed as YAML 1.2's core schema does (quoted scalars stay strings), so the
// config copy in results.json keeps numbers as numbers.
json typed_scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() != "?") return text;
  static const std::regex null_value("~|null|Null|NULL");
  static const std::regex bool_true("true|True|TRUE"), bool_false("false|False|FALSE");
  static const std::regex integer("[-+]?[0-9]+");
  static const std::regex floating("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (text.empty() || std::regex_match(text, null_value)) return nullptr;
  if (std::regex_match(text, bool_true)) return true;
  if (std::regex_match(text, bool_false)) return false;
  try {
    if (std::regex_match(text, integer)) return std::stoll(text);
    if (std::regex_match(text, floating)) return std::stod(text);
  } catch (const std::out_of_range&) {
  }
  return text;
}

}  // namespace

nlohmann::json yaml_to_json(const YAML::Node& node) {
  if (!node || node.IsNull()) return nullptr;
  if (node.IsScalar()) return typed_scalar(node);
  if (node.IsSequence()) {
    json out = json::array();
    for (const auto& item : node) out.push_back(yaml_to_json(item));
    return out;
  }
  json out = json::object();
  for (auto it = node.begin(); it != node.end(); ++it) out[it->first.Scalar()] = yaml_to_json(it->second);
  return out;
}

}  // namespace fot
