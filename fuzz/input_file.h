// For parsers that read a path: each fuzz input is written to a file in a private temporary
// directory (on /dev/shm when there is one), removed when the process exits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/input_error.h"

namespace fot::fuzz {

// Writes `size` bytes to <private dir>/<name> (replacing it) and returns the path.
std::string write_input_file(const std::string& name, const uint8_t* data, size_t size);

// The private directory itself.
const std::string& input_directory();

// Aborts (a finding for libFuzzer) unless `message` names `where`: every error of a parser names
// the file it read.
void expect_named(const char* message, const std::string& where);

// Runs `parse`; an InputError must name `where`, any other exception escapes (a finding).
template <typename Parse>
void expect_only_input_errors(const std::string& where, Parse&& parse) {
  try {
    parse();
  } catch (const InputError& error) {
    expect_named(error.what(), where);
  }
}

}  // namespace fot::fuzz
