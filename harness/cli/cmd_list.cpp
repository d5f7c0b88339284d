#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/config/config_sections.h"
#include "models/model_factory.h"
#include "tasks/registry.h"

namespace fot::cli {

int run_list(const std::vector<std::string>& args) {
  po::options_description flags("list options");
  bool reference = false;
  flags.add_options()("config-reference", po::bool_switch(&reference),
                      "print the run config reference (docs/config.md) instead");
  po::variables_map values;
  if (!parse_flags(args, flags, "list", values)) return kExitOk;
  if (reference) {
    std::cout << config_reference_markdown(all_config_sections());
    return kExitOk;
  }

  std::cout << "tasks:\n";
  for (const auto& kind : task_registry()) {
    std::string variants;
    for (const auto& v : kind.variants) variants += (variants.empty() ? "" : ", ") + v;
    std::cout << "  " << kind.name << std::string(kind.name.size() < 12 ? 12 - kind.name.size() : 1, ' ')
              << kind.description << " (variants: " << variants << ")\n";
  }
  std::cout << "backends:\n";
  for (const auto& backend : known_backends()) {
    std::cout << "  " << backend.name << std::string(backend.name.size() < 12 ? 12 - backend.name.size() : 1, ' ')
              << backend.description << (backend.available ? "" : " [not linked into this build]") << "\n";
  }
  return kExitOk;
}

}  // namespace fot::cli
