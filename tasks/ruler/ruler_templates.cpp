#include "tasks/ruler/ruler_templates.h"

#include <stdexcept>

namespace fot::ruler {

const char* generator_name(Generator generator) {
  switch (generator) {
    case Generator::kNiah: return "niah";
    case Generator::kVariableTracking: return "variable_tracking";
    case Generator::kCommonWords: return "common_words_extraction";
    case Generator::kFreqWords: return "freq_words_extraction";
  }
  return "?";
}

const TaskTemplate& task_template(Generator generator) {
  static const TaskTemplate niah{
      128,
      "Some special magic {type_needle_v} are hidden within the following text. Make sure to memorize it. I will "
      "quiz you about the {type_needle_v} afterwards.\n{context}\nWhat are all the special magic {type_needle_v} for "
      "{query} mentioned in the provided text?",
      " The special magic {type_needle_v} for {query} mentioned in the provided text are"};
  static const TaskTemplate variable_tracking{
      30,
      "Memorize and track the chain(s) of variable assignment hidden in the following text.\n\n{context}\nQuestion: "
      "Find all variables that are assigned the value {query} in the text above.",
      " Answer: According to the chain(s) of variable assignment in the text above, {num_v} variables are assigned "
      "the value {query}, they are: "};
  static const TaskTemplate common_words{
      120,
      "Below is a numbered list of words. In these words, some appear more often than others. Memorize the ones that "
      "appear most often.\n{context}\nQuestion: What are the 10 most common words in the above list?",
      " Answer: The top 10 words that appear most often in the list are:"};
  static const TaskTemplate freq_words{
      50,
      "Read the following coded text and track the frequency of each coded word. Find the three most frequently "
      "appeared coded words. {context}\nQuestion: Do not provide any explanation. Please ignore the dots '....'. What "
      "are the three most frequently appeared words in the above coded text?",
      " Answer: According to the coded text above, the three most frequently appeared words are:"};
  switch (generator) {
    case Generator::kNiah: return niah;
    case Generator::kVariableTracking: return variable_tracking;
    case Generator::kCommonWords: return common_words;
    case Generator::kFreqWords: return freq_words;
  }
  throw std::invalid_argument("unknown RULER generator");
}

std::string prompt_template(Generator generator) {
  const TaskTemplate& t = task_template(generator);
  return t.template_text + t.answer_prefix;
}

std::string python_format(const std::string& text, const std::map<std::string, std::string>& fields) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
    } else if (c == '{') {
      const size_t end = text.find('}', i);
      if (end == std::string::npos) throw std::invalid_argument("str.format: unclosed '{'");
      const std::string name = text.substr(i + 1, end - i - 1);
      const auto it = fields.find(name);
      if (it == fields.end()) throw std::invalid_argument("str.format: no value for '{" + name + "}'");
      out += it->second;
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = text.find(from, pos)) != std::string::npos; pos = hit + from.size())
    out.append(text, pos, hit - pos).append(to);
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace fot::ruler
