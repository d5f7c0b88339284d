#include "common/config_paths.h"

#include <cstdlib>
#include <filesystem>

namespace fot {

std::string expand_env(const std::string& text, const ConfigNode& node) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t start = text.find("${", pos);
    if (start == std::string::npos) break;
    size_t end = text.find('}', start);
    if (end == std::string::npos) node.fail("unclosed '${' in '" + text + "'");
    const std::string name = text.substr(start + 2, end - start - 2);
    if (name.empty()) node.fail("empty variable name '${}' in '" + text + "'");
    const char* value = std::getenv(name.c_str());
    if (!value) node.fail("environment variable '" + name + "' is not set (used in '" + text + "')");
    out += text.substr(pos, start - pos);
    out += value;
    pos = end + 1;
  }
  return out + text.substr(pos);
}

std::string resolve_path(const ConfigNode& node, const std::string& base_dir) {
  std::filesystem::path path(expand_env(node.as_string(), node));
  if (path.is_relative()) path = std::filesystem::path(base_dir) / path;
  return path.lexically_normal().string();
}

}  // namespace fot
