// Reading the distribution files of the data sets: whole lines with their numbers, JSON lines and
// fields with errors that name the file and line (fot::InputError), a missing file named.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fot::zeroshot {

struct TextLine {
  size_t number = 0;  // 1-based line number in the file
  std::string text;   // without the line break ("\r\n" loses its "\r" too)
};

// Every line of `path` (a final empty line after the last "\n" is not a line). Missing or
// unreadable: InputError "<what> data file not found: <path>".
std::vector<TextLine> read_lines(const std::string& path, const std::string& what);

// The non-blank lines of a JSON-lines file, parsed; errors name path and line.
struct JsonLine {
  size_t number = 0;
  nlohmann::json value;
};
std::vector<JsonLine> read_json_lines(const std::string& path, const std::string& what);

// Location prefix for messages: "<path>:<line>: ".
std::string where(const std::string& path, size_t line);

// Field access with errors naming file, line and field.
std::string string_field(const nlohmann::json& object, const std::string& name, const std::string& path, size_t line);
int64_t int_field(const nlohmann::json& object, const std::string& name, const std::string& path, size_t line);
const nlohmann::json& array_field(const nlohmann::json& object, const std::string& name, const std::string& path,
                                  size_t line);

// A SuperGLUE truth label: a JSON boolean, or the strings "true"/"false" (OpenCompass copies).
bool truth_label(const nlohmann::json& row, const std::string& path, size_t line);

// Splits a line on tabs (no quoting: the GLUE and OpenBookQA TSVs have none).
std::vector<std::string> split_tabs(const std::string& line);

}  // namespace fot::zeroshot
