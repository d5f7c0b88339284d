// The templates and answer prefixes of RULER's scripts/data/synthetic/constants.py, and the bit of
// Python's str.format they are filled with.
#pragma once

#include <map>
#include <string>

#include "tasks/ruler/ruler_settings.h"

namespace fot::ruler {

struct TaskTemplate {
  int64_t tokens_to_generate;
  std::string template_text;
  std::string answer_prefix;
};
const TaskTemplate& task_template(Generator generator);

// What prepare.py hands a generator as --template for a base model: template + answer prefix.
std::string prompt_template(Generator generator);

// str.format with named fields only ({name}; "{{" and "}}" are literal braces). A field missing
// from `fields` throws std::invalid_argument (Python's KeyError).
std::string python_format(const std::string& text, const std::map<std::string, std::string>& fields);

// str.replace(old, new): every non-overlapping occurrence, left to right.
std::string replace_all(std::string text, const std::string& from, const std::string& to);

}  // namespace fot::ruler
