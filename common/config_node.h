// A YAML node that knows where it came from, so every config error reads
// "<file>:<line>:<column>: <path>: <problem>". Typed getters reject wrong types, check_keys()
// rejects unknown keys with the closest valid key suggested. Shared by the harness (run configs)
// and the tasks (their own sections).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fot {

class ConfigNode {
 public:
  ConfigNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path);

  // Parses a YAML file; syntax errors become fot::InputError with file:line:column.
  static ConfigNode load_file(const std::string& path);

  const std::string& file() const { return *file_; }
  const std::string& path() const { return path_; }  // e.g. "tasks[0].depths"
  std::string where() const;                           // "file:line:column"
  // Throws fot::InputError "<where>: <path>: <message>".
  [[noreturn]] void fail(const std::string& message) const;

  bool is_map() const { return node_.IsMap(); }
  bool is_list() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_null() const { return !node_ || node_.IsNull(); }

  // Map access. Requires this node to be a map (else fails naming the expected type).
  void expect_map() const;
  // Rejects keys outside `allowed` (suggesting the closest) and duplicate keys.
  void check_keys(const std::vector<std::string>& allowed) const;
  bool has(const std::string& key) const;
  ConfigNode at(const std::string& key) const;    // fails when missing
  std::vector<std::string> keys() const;

  // List access.
  std::vector<ConfigNode> items() const;          // fails unless a list
  std::vector<ConfigNode> non_empty_items() const;  // also fails on an empty list

  // Scalars; each fails naming the expected type on a mismatch.
  std::string as_string() const;
  int64_t as_int() const;
  double as_double() const;
  bool as_bool() const;

  // Conveniences for optional fields of a map.
  std::optional<std::string> optional_string(const std::string& key) const;
  std::optional<int64_t> optional_int(const std::string& key) const;

  // Checks on numbers, failing with the field named.
  int64_t as_int_at_least(int64_t minimum) const;

 private:
  YAML::Node node_;
  std::shared_ptr<const std::string> file_;
  std::string path_;
};

}  // namespace fot
