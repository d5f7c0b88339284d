#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "harness/cli/command.h"
#include "models/backends/torch_backends.h"

namespace {

void print_usage(std::ostream& out) {
  out << "usage: fot-eval <command> [options]   (fot-eval <command> --help for its options)\n\ncommands:\n";
  for (const auto& command : fot::cli::all_commands()) {
    out << "  " << command.name << std::string(12 - std::string(command.name).size(), ' ') << command.summary << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace fot::cli;
  // The torch-free factory (fot_core) reaches the LibTorch backends only through this hook.
  fot::register_torch_backends(&fot::make_torch_model);
  if (argc < 2) {
    print_usage(std::cerr);
    return kExitBadInput;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(std::cout);
    return kExitOk;
  }
  for (const auto& command : all_commands()) {
    if (name != command.name) continue;
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
      return command.run(args);
    } catch (const BadInput& error) {
      std::cerr << "fot-eval " << name << ": error: " << error.what() << "\n";
      return kExitBadInput;
    } catch (const std::exception& error) {
      std::cerr << "fot-eval " << name << ": error: " << error.what() << "\n";
      return kExitRunFailure;
    }
  }
  std::cerr << "fot-eval: unknown command '" << name << "'\n";
  print_usage(std::cerr);
  return kExitBadInput;
}
