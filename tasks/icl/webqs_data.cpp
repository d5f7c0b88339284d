#include "tasks/icl/webqs_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/input_error.h"

namespace fot::icl {
namespace {

int64_t line_of(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
}

// Byte offsets where each element of the top-level JSON array starts (the text parsed already).
std::vector<size_t> element_offsets(const std::string& text) {
  std::vector<size_t> offsets;
  int depth = 0;
  bool in_string = false, escaped = false, expect_element = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    const bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (depth == 1 && expect_element && !blank && c != ']') {
      offsets.push_back(i);
      expect_element = false;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (depth == 0) expect_element = true;
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 1) {
      expect_element = true;
    }
  }
  return offsets;
}

std::string string_field(const nlohmann::json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) throw InputError(fmt::format("{}: field '{}' must be a string", where, key));
  return it->get<std::string>();
}

}  // namespace

std::vector<std::string> parse_target_value(const std::string& target_value) {
  std::string target = target_value;
  if (target.rfind("(list ", 0) == 0) target.erase(0, 6);
  if (!target.empty() && target.back() == ')') target.pop_back();
  static const std::string kOpen = "(description ";
  std::vector<std::string> answers;
  size_t pos = 0;
  while ((pos = target.find(kOpen, pos)) != std::string::npos) {
    const size_t start = pos + kOpen.size();
    // (?:"([^"]+?)"|([^)]+?))\) : a quoted answer closed by `")`, else everything up to the next ')'.
    if (start < target.size() && target[start] == '"') {
      const size_t quote = target.find('"', start + 1);
      if (quote != std::string::npos && quote > start + 1 && quote + 1 < target.size() && target[quote + 1] == ')') {
        answers.push_back(target.substr(start + 1, quote - start - 1));
        pos = quote + 2;
        continue;
      }
    }
    const size_t close = target.find(')', start);
    if (close != std::string::npos && close > start) {
      answers.push_back(target.substr(start, close - start));
      pos = close + 1;
    } else {
      pos += 1;
    }
  }
  return answers;
}

std::vector<WebqsQuestion> read_webqs_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("WebQuestions file not found or unreadable: " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(fmt::format("{}:{}: not valid JSON ({})", path, line_of(text, e.byte ? e.byte - 1 : 0), e.what()));
  } catch (const nlohmann::json::exception& e) {  // out_of_range for a number like 1e999
    throw InputError(fmt::format("{}: not valid JSON ({})", path, e.what()));
  }
  if (!document.is_array()) throw InputError(path + ":1: expected a JSON array of questions");
  const auto offsets = element_offsets(text);
  std::vector<WebqsQuestion> questions;
  for (size_t i = 0; i < document.size(); ++i) {
    const int64_t line = i < offsets.size() ? line_of(text, offsets[i]) : 0;
    const std::string where = fmt::format("{}:{}", path, line);
    const auto& object = document[i];
    if (!object.is_object()) throw InputError(where + ": expected an object");
    WebqsQuestion question{string_field(object, "utterance", where), {}, line};
    question.answers = parse_target_value(string_field(object, "targetValue", where));
    if (question.answers.empty()) throw InputError(where + ": targetValue holds no (description ...) answer");
    questions.push_back(std::move(question));
  }
  if (questions.empty()) throw InputError(path + ": no questions");
  return questions;
}

WebqsSplits load_webqs(const std::string& data_dir) {
  const std::string dir = data_dir + "/webquestions/";
  return {read_webqs_file(dir + "webquestions.examples.train.json"), read_webqs_file(dir + "webquestions.examples.test.json")};
}

}  // namespace fot::icl
