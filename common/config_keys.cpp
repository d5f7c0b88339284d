#include "common/config_keys.h"

#include <sstream>

namespace fot {

std::vector<std::string> key_names(const ConfigSection& section) {
  std::vector<std::string> out;
  for (const auto& k : section.keys) out.push_back(k.key);
  return out;
}

void check_keys(const ConfigNode& node, const ConfigSection& section) { node.check_keys(key_names(section)); }

std::string config_reference_markdown(const std::vector<const ConfigSection*>& sections) {
  std::ostringstream out;
  out << "# Run config reference\n\n"
         "Generated from the tables the config parser checks keys against (`fot-eval list --config-reference`); "
         "a test fails when this file and those tables differ. Paths are relative to the config file and may use "
         "`${VARIABLE}`.\n";
  for (const ConfigSection* section : sections) {
    out << "\n## `" << section->name << "`\n\n" << section->intro << "\n\n";
    out << "| key | type | default | meaning |\n|---|---|---|---|\n";
    for (const auto& k : section->keys)
      out << "| `" << k.key << "` | " << k.type << " | " << k.default_value << " | " << k.meaning << " |\n";
  }
  return out.str();
}

}  // namespace fot
