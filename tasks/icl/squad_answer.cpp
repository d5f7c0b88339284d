#include "tasks/icl/squad_answer.h"

#include <cstring>

#include "tasks/icl/python_text.h"
#include "tasks/icl/utf8.h"

namespace fot::icl {
namespace {

const char kAsciiPunctuation[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

bool is_ascii_punctuation(char32_t c) { return c < 0x80 && c != 0 && std::strchr(kAsciiPunctuation, static_cast<int>(c)); }

bool is_article(const std::u32string& word) { return word == U"a" || word == U"an" || word == U"the"; }

// A whole word of \b(a|an|the)\b is a maximal run of word characters equal to one of them.
std::u32string replace_articles(const std::u32string& text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    if (!python_is_word_char(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = i;
    while (end < text.size() && python_is_word_char(text[end])) ++end;
    const std::u32string word = text.substr(i, end - i);
    out += is_article(word) ? std::u32string(U" ") : word;
    i = end;
  }
  return out;
}

std::u32string join_words(const std::u32string& text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    if (python_is_space(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !python_is_space(text[end])) ++end;
    if (!out.empty()) out.push_back(U' ');
    out.append(text, i, end - i);
    i = end;
  }
  return out;
}

}  // namespace

std::string squad_normalize(const std::string& text) {
  std::u32string lowered = python_lower(decode_utf8(text));
  std::u32string without_punctuation;
  for (char32_t c : lowered)
    if (!is_ascii_punctuation(c)) without_punctuation.push_back(c);
  return encode_utf8(join_words(replace_articles(without_punctuation)));
}

bool squad_exact_match(const std::string& prediction, const std::vector<std::string>& golds) {
  const std::string normalized = squad_normalize(prediction);
  for (const auto& gold : golds)
    if (squad_normalize(gold) == normalized) return true;
  return false;
}

}  // namespace fot::icl
