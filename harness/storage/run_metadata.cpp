#include "harness/storage/run_metadata.h"

#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <boost/version.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "harness/planning/preflight.h"

namespace fot {
namespace {

std::string command_output(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  if (::pclose(pipe) != 0) return "";
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "unknown";
}

}  // namespace

nlohmann::json environment_metadata() {
  nlohmann::json out;
  out["libraries"] = {
      {"fmt", FMT_VERSION},
      {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                                    NLOHMANN_JSON_VERSION_PATCH)},
      {"boost", BOOST_LIB_VERSION},
      {"compiler", __VERSION__},
      {"gnuplot", command_output("gnuplot --version 2>/dev/null")},
  };
  struct utsname name {};
  if (::uname(&name) == 0) {
    out["machine"] = {{"system", name.sysname}, {"release", name.release}, {"arch", name.machine},
                      {"hostname", name.nodename}};
  }
  out["machine"]["cpu"] = cpu_model();
  out["machine"]["cores"] = ::sysconf(_SC_NPROCESSORS_ONLN);
  out["machine"]["memory_bytes"] = physical_memory_bytes();
  return out;
}

std::string utc_timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace fot
