#include "harness/storage/run_directory.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "common/input_error.h"
#include "harness/storage/run_manifest.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

void prepare_output_dir(const std::string& dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || !fs::is_directory(dir))
    throw InputError(fmt::format("cannot create output directory '{}': {}", dir,
                                 error ? error.message() : "a file is in the way"));
  const std::string probe = (fs::path(dir) / ".fot-eval-write-test").string();
  std::ofstream out(probe);
  if (!out || !(out << "x") || (out.close(), out.fail()))
    throw InputError(fmt::format("output directory '{}' is not writable", dir));
  std::remove(probe.c_str());
}

std::vector<std::string> run_files_in(const std::string& dir) {
  std::vector<std::string> found;
  for (const auto& name : run_file_names())
    if (fs::exists(fs::path(dir) / name)) found.push_back(name);
  return found;
}

void remove_run_files(const std::string& dir) {
  for (const auto& name : run_file_names()) {
    std::error_code error;
    fs::remove_all(fs::path(dir) / name, error);
    if (error)
      throw std::runtime_error(fmt::format("cannot remove {}: {}", (fs::path(dir) / name).string(), error.message()));
  }
}

}  // namespace

const std::vector<std::string>& run_file_names() {
  static const std::vector<std::string> names = {"samples.jsonl", "timings.jsonl", kRunManifestFile, "results.csv",
                                                 "results.json", "results.md", "plots"};
  return names;
}

void open_run_directory(const std::string& dir, bool resume, bool overwrite) {
  const std::vector<std::string> earlier = run_files_in(dir);
  if (!earlier.empty() && !resume && !overwrite)
    throw InputError(fmt::format("output directory '{}' holds an earlier run ({}): pass --resume to continue it, or "
                                 "--overwrite to delete its files and start again",
                                 dir, fmt::join(earlier, ", ")));
  prepare_output_dir(dir);
  if (overwrite) remove_run_files(dir);
}

}  // namespace fot
