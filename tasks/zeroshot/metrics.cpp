#include "tasks/zeroshot/metrics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "tasks/common/python/squad.h"
#include "tasks/common/python/text.h"

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
  for (size_t i = 0; i < lls.size(); ++i) normalized[i] = lls[i] / static_cast<double>(python::length(choices[i]));
  return argmax_first(normalized);
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
    const double em = python::squad_exact(prediction, answer), f1 = python::squad_f1(prediction, answer);
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

}  // namespace fot::zeroshot
