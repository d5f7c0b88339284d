#include "tasks/zeroshot/squad_answer.h"

#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <map>
#include <vector>

#include "tasks/zeroshot/python_text.h"

namespace fot::zeroshot {

namespace {

bool is_word_char(char32_t c) {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return c == U'_' || (locale && iswalnum_l(static_cast<wint_t>(c), locale));
}

bool is_ascii_punctuation(char32_t c) {
  return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

std::vector<std::u32string> split_words(const std::u32string& text) {
  std::vector<std::u32string> words;
  std::u32string word;
  for (char32_t c : text) {
    if (is_python_space(c)) {
      if (!word.empty()) words.push_back(word), word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

std::vector<std::u32string> answer_tokens(const std::string& text) {
  return split_words(to_code_points(squad_normalize(text)));
}

}  // namespace

std::string squad_normalize(const std::string& text) {
  std::u32string kept;
  for (char32_t c : to_code_points(python_lower(text)))
    if (!is_ascii_punctuation(c)) kept.push_back(c);
  // re.sub(r"\b(a|an|the)\b", " ", text): a maximal run of word characters equal to an article.
  std::u32string no_articles;
  for (size_t i = 0; i < kept.size();) {
    if (!is_word_char(kept[i])) {
      no_articles.push_back(kept[i++]);
      continue;
    }
    size_t end = i;
    while (end < kept.size() && is_word_char(kept[end])) ++end;
    const std::u32string run = kept.substr(i, end - i);
    no_articles += (run == U"a" || run == U"an" || run == U"the") ? U" " : run;
    i = end;
  }
  std::u32string joined;
  for (const auto& word : split_words(no_articles)) {
    if (!joined.empty()) joined.push_back(U' ');
    joined += word;
  }
  return to_utf8(joined);
}

double squad_exact(const std::string& gold, const std::string& prediction) {
  return squad_normalize(gold) == squad_normalize(prediction) ? 1.0 : 0.0;
}

double squad_f1(const std::string& gold, const std::string& prediction) {
  const auto gold_tokens = answer_tokens(gold);
  const auto pred_tokens = answer_tokens(prediction);
  if (gold_tokens.empty() || pred_tokens.empty()) return gold_tokens == pred_tokens ? 1.0 : 0.0;
  std::map<std::u32string, int> gold_counts, pred_counts;
  for (const auto& t : gold_tokens) ++gold_counts[t];
  for (const auto& t : pred_tokens) ++pred_counts[t];
  int same = 0;
  for (const auto& [token, count] : pred_counts) {
    auto it = gold_counts.find(token);
    if (it != gold_counts.end()) same += std::min(count, it->second);
  }
  if (same == 0) return 0.0;
  const double precision = 1.0 * same / static_cast<double>(pred_tokens.size());
  const double recall = 1.0 * same / static_cast<double>(gold_tokens.size());
  return (2 * precision * recall) / (precision + recall);
}

}  // namespace fot::zeroshot
