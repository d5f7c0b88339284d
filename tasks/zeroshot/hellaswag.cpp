#include "tasks/zeroshot/hellaswag.h"

#include "tasks/common/python/text.h"

namespace fot::zeroshot {

namespace {

std::string replace_all(const std::string& text, const std::string& from, const std::string& to) {
  std::string out;
  size_t start = 0;
  for (size_t hit; (hit = text.find(from, start)) != std::string::npos; start = hit + from.size())
    out += text.substr(start, hit - start) + to;
  return out + text.substr(start);
}

// re.sub(r"\[.*?\]", "", text): at each "[", the nearest "]" before any newline closes the match.
std::string remove_bracket_tags(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '[') {
      const size_t close = text.find_first_of("]\n", i + 1);
      if (close != std::string::npos && text[close] == ']') {
        i = close + 1;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

}  // namespace

std::string hellaswag_preprocess(const std::string& text) {
  std::string t = python::strip(text);
  t = replace_all(t, " [title]", ". ");
  t = remove_bracket_tags(t);
  return replace_all(t, "  ", " ");
}

Doc hellaswag_prepare(Doc doc) {
  const std::string ctx = doc.field("ctx_a") + " " + python::capitalize(doc.field("ctx_b"));
  doc.fields["query"] = hellaswag_preprocess(doc.field("activity_label") + ": " + ctx);
  for (auto& choice : doc.choices) choice = hellaswag_preprocess(choice);
  return doc;
}

}  // namespace fot::zeroshot
