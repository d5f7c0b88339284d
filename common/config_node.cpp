#include "common/config_node.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "common/input_error.h"
#include "common/suggest.h"

namespace fot {
namespace {

// A config is a few hundred values; YAML aliases (*name) can make a few lines stand for billions
// (each alias repeats its anchor's whole subtree wherever the document is walked), so a document
// is refused once walking it would visit more values than any real config holds.
constexpr int64_t kMaxConfigValues = 100000;

// Counts the values a walk of `root` visits, aliases expanded, stopping past kMaxConfigValues. An
// explicit stack, not recursion: an alias inside its own anchor (`&a [*a]`) nests without end.
int64_t expanded_values(const YAML::Node& root) {
  std::vector<YAML::Node> pending{root};
  int64_t seen = 0;
  while (!pending.empty() && seen <= kMaxConfigValues) {
    const YAML::Node node = pending.back();
    pending.pop_back();
    ++seen;
    if (node.IsSequence()) {
      for (const auto& item : node) pending.push_back(item);
    } else if (node.IsMap()) {
      for (const auto& entry : node) {
        pending.push_back(entry.first);
        pending.push_back(entry.second);
      }
    }
  }
  return seen;
}

std::string type_name(const YAML::Node& node) {
  if (!node || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "'" + node.Scalar() + "'";
}

}  // namespace

ConfigNode::ConfigNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

ConfigNode ConfigNode::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open the config file", path));
  std::stringstream text;
  text << in.rdbuf();
  auto file = std::make_shared<const std::string>(path);
  try {
    YAML::Node root = YAML::Load(text.str());
    if (expanded_values(root) > kMaxConfigValues)
      throw InputError(fmt::format(
          "{}: the config stands for more than {} values once its YAML aliases (*name) are expanded; write the "
          "repeated values out or use fewer nested aliases",
          path, kMaxConfigValues));
    return ConfigNode(root, file, "");
  } catch (const YAML::Exception& error) {
    throw InputError(fmt::format("{}:{}:{}: invalid YAML: {}", path, error.mark.line + 1, error.mark.column + 1,
                                 error.msg));
  }
}

std::string ConfigNode::where() const {
  if (!node_) return *file_;
  YAML::Mark mark = node_.Mark();
  if (mark.line < 0) return *file_;
  return fmt::format("{}:{}:{}", *file_, mark.line + 1, mark.column + 1);
}

void ConfigNode::fail(const std::string& message) const {
  if (path_.empty()) throw InputError(fmt::format("{}: {}", where(), message));
  throw InputError(fmt::format("{}: {}: {}", where(), path_, message));
}

void ConfigNode::expect_map() const {
  if (!node_.IsMap()) fail("expected a mapping (key: value lines), got " + type_name(node_));
}

void ConfigNode::check_keys(const std::vector<std::string>& allowed) const {
  expect_map();
  std::set<std::string> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    ConfigNode key(it->first, file_, path_);
    if (!it->first.IsScalar()) key.fail("keys must be plain names");
    const std::string name = it->first.Scalar();
    if (!seen.insert(name).second) key.fail(fmt::format("duplicate key '{}'", name));
    bool known = false;
    for (const auto& a : allowed) known = known || a == name;
    if (!known) key.fail(fmt::format("unknown key '{}'{}", name, suggest(name, allowed)));
  }
}

bool ConfigNode::has(const std::string& key) const {
  expect_map();
  return static_cast<bool>(node_[key]);
}

ConfigNode ConfigNode::at(const std::string& key) const {
  expect_map();
  std::string child_path = path_.empty() ? key : path_ + "." + key;
  YAML::Node child = node_[key];
  if (!child) fail(fmt::format("missing required key '{}'", key));
  ConfigNode out(child, file_, child_path);
  if (child.IsNull()) out.fail("has no value");
  return out;
}

std::vector<std::string> ConfigNode::keys() const {
  expect_map();
  std::vector<std::string> out;
  for (auto it = node_.begin(); it != node_.end(); ++it) out.push_back(it->first.Scalar());
  return out;
}

std::vector<ConfigNode> ConfigNode::items() const {
  if (!node_.IsSequence()) fail("expected a list, got " + type_name(node_));
  std::vector<ConfigNode> out;
  for (size_t i = 0; i < node_.size(); ++i) out.emplace_back(node_[i], file_, fmt::format("{}[{}]", path_, i));
  return out;
}

std::vector<ConfigNode> ConfigNode::non_empty_items() const {
  auto out = items();
  if (out.empty()) fail("is an empty list; give at least one value");
  return out;
}

std::string ConfigNode::as_string() const {
  if (!node_.IsScalar()) fail("expected a string, got " + type_name(node_));
  return node_.Scalar();
}

int64_t ConfigNode::as_int() const {
  if (!node_.IsScalar()) fail("expected an integer, got " + type_name(node_));
  const std::string& text = node_.Scalar();
  errno = 0;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE) fail(fmt::format("expected an integer, got '{}'", text));
  return value;
}

double ConfigNode::as_double() const {
  if (!node_.IsScalar()) fail("expected a number, got " + type_name(node_));
  const std::string& text = node_.Scalar();
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value)) fail(fmt::format("expected a number, got '{}'", text));
  return value;
}

bool ConfigNode::as_bool() const {
  if (!node_.IsScalar()) fail("expected true or false, got " + type_name(node_));
  const std::string& text = node_.Scalar();
  if (text == "true") return true;
  if (text == "false") return false;
  fail(fmt::format("expected true or false, got '{}'", text));
}

std::optional<std::string> ConfigNode::optional_string(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return at(key).as_string();
}

std::optional<int64_t> ConfigNode::optional_int(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return at(key).as_int();
}

int64_t ConfigNode::as_int_at_least(int64_t minimum) const {
  int64_t value = as_int();
  if (value < minimum) fail(fmt::format("must be at least {}, got {}", minimum, value));
  return value;
}

}  // namespace fot
