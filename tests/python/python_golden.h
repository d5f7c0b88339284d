// The golden files python_compat_reference.py writes (the python_compat_golden fixture); a missing
// one fails the test that reads it.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace fot::python::test {

inline std::string golden_path(const std::string& name) { return std::string(FOT_GOLDEN_DIR) + "/python/" + name; }

inline std::ifstream open_golden(const std::string& name) {
  std::ifstream in(golden_path(name));
  if (!in) throw std::runtime_error("golden file missing: " + golden_path(name) + " (run ctest: python_compat_golden)");
  return in;
}

inline const nlohmann::json& golden() {
  static const nlohmann::json json = [] {
    std::ifstream in = open_golden("python.json");
    return nlohmann::json::parse(in);
  }();
  return json;
}

// "c3a9" -> "\xC3\xA9"
inline std::string from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return out;
}

// "61 3C3" -> U"a\u03c3"
inline std::u32string parse_hex_sequence(const std::string& field) {
  std::u32string out;
  std::istringstream in(field);
  std::string hex;
  while (in >> hex) out.push_back(static_cast<char32_t>(std::stoul(hex, nullptr, 16)));
  return out;
}

}  // namespace fot::python::test
