#include "tasks/zeroshot/aggregation.h"

#include <cmath>
#include <stdexcept>

namespace fot::zeroshot {

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
