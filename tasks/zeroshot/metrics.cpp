#include "tasks/zeroshot/metrics.h"

#include <locale.h>
#include <wctype.h>

#include <cmath>
#include <stdexcept>

#include "tasks/zeroshot/python_text.h"

namespace fot::zeroshot {

size_t argmax_first(const std::vector<double>& values) {
  if (values.empty()) throw std::invalid_argument("argmax of an empty list");
  size_t best = 0;
  for (size_t i = 1; i < values.size(); ++i)
    if (values[i] > values[best]) best = i;
  return best;
}

size_t argmax_last(const std::vector<double>& values) {
  if (values.empty()) throw std::invalid_argument("argmax of an empty list");
  size_t best = 0;
  for (size_t i = 1; i < values.size(); ++i)
    if (values[i] >= values[best]) best = i;
  return best;
}

size_t argmax_length_normalized(const std::vector<double>& lls, const std::vector<std::string>& choices) {
  if (lls.size() != choices.size()) throw std::invalid_argument("acc_norm: one loglikelihood per choice expected");
  std::vector<double> normalized(lls.size());
  for (size_t i = 0; i < lls.size(); ++i) normalized[i] = lls[i] / static_cast<double>(code_point_length(choices[i]));
  return argmax_first(normalized);
}

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

RecordScore record_score(const std::vector<double>& lls, const std::vector<std::string>& entities,
                         const std::vector<std::string>& answers) {
  if (lls.size() != entities.size()) throw std::invalid_argument("ReCoRD: one loglikelihood per entity expected");
  if (answers.empty()) throw std::invalid_argument("ReCoRD: no gold answers");
  const std::string& prediction = entities[argmax_first(lls)];
  RecordScore score;
  bool first = true;
  // metric_max_over_ground_truths(metric, prediction, golds) = max(metric(prediction, gold) ...)
  for (const auto& answer : answers) {
    const double em = squad_exact(prediction, answer), f1 = squad_f1(prediction, answer);
    score.em = first ? em : std::max(score.em, em);
    score.f1 = first ? f1 : std::max(score.f1, f1);
    first = false;
  }
  return score;
}

double truthfulqa_mc2(const std::vector<double>& lls, const std::vector<int>& labels) {
  if (lls.size() != labels.size()) throw std::invalid_argument("mc2: one loglikelihood per mc2 choice expected");
  size_t split = 0;
  while (split < labels.size() && labels[split] != 0) ++split;
  if (split == labels.size()) throw std::invalid_argument("mc2: no false answer (label 0)");
  // p_true = exp(ll_true); p_false = exp(ll_false); p_true / (sum(p_true) + sum(p_false)); sum(p_true)
  double sum_true = 0.0, sum_false = 0.0;
  for (size_t i = 0; i < split; ++i) sum_true += std::exp(lls[i]);
  for (size_t i = split; i < lls.size(); ++i) sum_false += std::exp(lls[i]);
  const double total = sum_true + sum_false;
  double result = 0.0;
  for (size_t i = 0; i < split; ++i) result += std::exp(lls[i]) / total;
  return result;
}

double mean(const std::vector<double>& values) {
  if (values.empty()) throw std::invalid_argument("mean of an empty list");
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double sample_stddev(const std::vector<double>& values) {
  if (values.size() < 2) throw std::invalid_argument("sample_stddev needs at least two values");
  const double mu = mean(values);
  double sum = 0.0;
  for (double v : values) sum += (v - mu) * (v - mu);
  return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

double mean_stderr(const std::vector<double>& values) {
  return sample_stddev(values) / std::sqrt(static_cast<double>(values.size()));
}

const std::vector<std::pair<std::string, std::string>>& paper_rows() {
  static const std::vector<std::pair<std::string, std::string>> rows = {
      {"anli_r1", "acc"},       {"anli_r2", "acc"},        {"anli_r3", "acc"},
      {"arc_challenge", "acc"}, {"arc_challenge", "acc_norm"}, {"arc_easy", "acc"},
      {"arc_easy", "acc_norm"}, {"boolq", "acc"},          {"hellaswag", "acc"},
      {"hellaswag", "acc_norm"}, {"openbookqa", "acc"},    {"openbookqa", "acc_norm"},
      {"piqa", "acc"},          {"piqa", "acc_norm"},      {"record", "em"},
      {"record", "f1"},         {"rte", "acc"},            {"truthfulqa_mc", "mc1"},
      {"truthfulqa_mc", "mc2"}, {"wic", "acc"},            {"winogrande", "acc"}};
  return rows;
}

double paper_average(const std::map<std::pair<std::string, std::string>, double>& results) {
  std::vector<double> values;
  for (const auto& row : paper_rows()) {
    auto it = results.find(row);
    if (it == results.end())
      throw std::invalid_argument("the paper's average needs " + row.first + " " + row.second);
    values.push_back(it->second);
  }
  return mean(values);
}

}  // namespace fot::zeroshot
