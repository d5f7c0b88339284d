#include "tasks/zeroshot/data_files.h"

#include <fstream>

#include "common/input_error.h"
#include "tasks/common/python/utf8.h"

namespace fot::zeroshot {

std::string where(const std::string& path, size_t line) { return path + ":" + std::to_string(line) + ": "; }

std::vector<TextLine> read_lines(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(what + " data file not found: " + path);
  std::vector<TextLine> lines;
  std::string text;
  size_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    // The reference reads these files as UTF-8 text; later steps (strip, lower) decode each field.
    python::check_utf8(text, where(path, number));
    lines.push_back({number, text});
  }
  if (in.bad()) throw InputError("cannot read " + what + " data file: " + path);
  return lines;
}

std::vector<JsonLine> read_json_lines(const std::string& path, const std::string& what) {
  std::vector<JsonLine> out;
  for (auto& line : read_lines(path, what)) {
    if (line.text.find_first_not_of(" \t") == std::string::npos) continue;
    nlohmann::json value;
    try {
      value = nlohmann::json::parse(line.text);
    } catch (const nlohmann::json::exception& e) {
      throw InputError(where(path, line.number) + "malformed JSON: " + e.what());
    }
    if (!value.is_object()) throw InputError(where(path, line.number) + "expected a JSON object");
    out.push_back({line.number, std::move(value)});
  }
  return out;
}

namespace {
const nlohmann::json& member(const nlohmann::json& object, const std::string& name, const std::string& path,
                             size_t line) {
  if (!object.is_object() || !object.contains(name))
    throw InputError(where(path, line) + "missing field '" + name + "'");
  return object.at(name);
}
}  // namespace

std::string string_field(const nlohmann::json& object, const std::string& name, const std::string& path,
                         size_t line) {
  const auto& value = member(object, name, path, line);
  if (!value.is_string()) throw InputError(where(path, line) + "field '" + name + "' must be a string");
  return value.get<std::string>();
}

int64_t int_field(const nlohmann::json& object, const std::string& name, const std::string& path, size_t line) {
  const auto& value = member(object, name, path, line);
  if (!value.is_number_integer()) throw InputError(where(path, line) + "field '" + name + "' must be an integer");
  return value.get<int64_t>();
}

const nlohmann::json& array_field(const nlohmann::json& object, const std::string& name, const std::string& path,
                                  size_t line) {
  const auto& value = member(object, name, path, line);
  if (!value.is_array()) throw InputError(where(path, line) + "field '" + name + "' must be an array");
  return value;
}

// SuperGLUE stores JSON booleans; the OpenCompass copy stores "true"/"false" (same meaning).
bool truth_label(const nlohmann::json& row, const std::string& path, size_t line) {
  if (!row.contains("label")) throw InputError(where(path, line) + "missing field 'label'");
  const auto& label = row["label"];
  if (label.is_boolean()) return label.get<bool>();
  if (label.is_string() && label == "true") return true;
  if (label.is_string() && label == "false") return false;
  throw InputError(where(path, line) + "field 'label' must be true or false, got " + label.dump());
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    parts.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return parts;
    start = tab + 1;
  }
}

}  // namespace fot::zeroshot
