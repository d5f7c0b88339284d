#include "tasks/common/python/squad.h"

#include <algorithm>
#include <map>

#include "tasks/common/python/text.h"
#include "tasks/common/python/utf8.h"

namespace fot::python {
namespace {

bool is_ascii_punctuation(char32_t c) {
  return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

bool is_article(const std::u32string& word) { return word == U"a" || word == U"an" || word == U"the"; }

// re.sub(r"\b(a|an|the)\b", " ", text): a whole word is a maximal run of word characters.
std::u32string replace_articles(const std::u32string& text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    if (!is_word_char(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = i;
    while (end < text.size() && is_word_char(text[end])) ++end;
    const std::u32string word = text.substr(i, end - i);
    out += is_article(word) ? std::u32string(U" ") : word;
    i = end;
  }
  return out;
}

std::vector<std::u32string> normalized_words(const std::string& text) {
  std::u32string kept;
  for (char32_t c : lower(decode_utf8_replacing(text)))
    if (!is_ascii_punctuation(c)) kept.push_back(c);
  return split(replace_articles(kept));
}

}  // namespace

std::string squad_normalize(const std::string& text) {
  std::u32string joined;
  for (const auto& word : normalized_words(text)) {
    if (!joined.empty()) joined.push_back(U' ');
    joined += word;
  }
  return encode_utf8(joined);
}

double squad_exact(const std::string& gold, const std::string& prediction) {
  return squad_normalize(gold) == squad_normalize(prediction) ? 1.0 : 0.0;
}

double squad_f1(const std::string& gold, const std::string& prediction) {
  const auto gold_tokens = normalized_words(gold);
  const auto pred_tokens = normalized_words(prediction);
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

bool squad_exact_match(const std::string& prediction, const std::vector<std::string>& golds) {
  const std::string normalized = squad_normalize(prediction);
  for (const auto& gold : golds)
    if (squad_normalize(gold) == normalized) return true;
  return false;
}

}  // namespace fot::python
