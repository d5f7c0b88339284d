#include "tasks/zeroshot/prompt_template.h"

#include <stdexcept>

namespace fot::zeroshot {

std::string fill_template(const std::string& text, const Doc& doc) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
      out.push_back(text[i++]);
    } else if (text[i] == '{') {
      const size_t close = text.find('}', i);
      if (close == std::string::npos) throw std::invalid_argument("unterminated '{' in template: " + text);
      const std::string name = text.substr(i + 1, close - i - 1);
      auto it = doc.fields.find(name);
      if (it == doc.fields.end()) throw std::invalid_argument("template field '" + name + "' is not in the document");
      out += it->second;
      i = close;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace fot::zeroshot
