// fot-eval subcommands: one explicit table (commands.cpp), each command in its own file.
#pragma once

#include <string>
#include <vector>

#include "common/input_error.h"

namespace fot::cli {

// Exit codes of every subcommand.
constexpr int kExitOk = 0;
constexpr int kExitRunFailure = 1;
constexpr int kExitBadInput = 2;
// compare: a metric fell by more than its tolerance, significantly.
constexpr int kExitRegressed = 3;

// Thrown for bad flags, configs, paths or files: main() prints it and exits with kExitBadInput.
using BadInput = fot::InputError;

struct Command {
  const char* name;
  const char* summary;
  // argv[0] is the subcommand name; returns an exit code.
  int (*run)(const std::vector<std::string>& args);
};

const std::vector<Command>& all_commands();

}  // namespace fot::cli
