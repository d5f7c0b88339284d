// Per-document metrics and their aggregation exactly as lm-evaluation-harness v0.3.0 computes them
// (lm_eval/metrics.py, the task classes, transformers' squad_metrics), in float64 with Python's
// left-to-right summation order.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fot::zeroshot {

// np.argmax: the first maximum wins a tie.
size_t argmax_first(const std::vector<double>& values);
// The last maximum wins a tie: BoolQ and WiC predict " yes" (index 0) only if ll_yes > ll_no.
size_t argmax_last(const std::vector<double>& values);

// acc_norm's prediction: argmax_first of lls[i] / len(choices[i]), len in Unicode code points of the
// choice text without the leading space of its continuation.
size_t argmax_length_normalized(const std::vector<double>& lls, const std::vector<std::string>& choices);

// SQuAD answer normalisation: lower(), drop ASCII punctuation, articles a/an/the as whole words -> " ",
// collapse whitespace.
std::string squad_normalize(const std::string& text);
double squad_exact(const std::string& gold, const std::string& prediction);
double squad_f1(const std::string& gold, const std::string& prediction);

// ReCoRD: prediction = entities[argmax_first(lls)]; em/f1 = max over the gold answers.
struct RecordScore {
  double em = 0.0, f1 = 0.0;
};
RecordScore record_score(const std::vector<double>& lls, const std::vector<std::string>& entities,
                         const std::vector<std::string>& answers);

// TruthfulQA mc2: with s = labels.index(0), sum(exp(ll[:s]) / total) where total = sum(exp(ll)).
// Raw exp as in v0.3.0: NaN when every ll underflows (< about -745), as Python gives.
double truthfulqa_mc2(const std::vector<double>& lls, const std::vector<int>& labels);

// metrics.py: mean = sum/n; sample_stddev with n-1; mean_stderr = sample_stddev / sqrt(n).
double mean(const std::vector<double>& values);
double sample_stddev(const std::vector<double>& values);
double mean_stderr(const std::vector<double>& values);

// The 21 (task, metric) rows of the LongLLaMA zero-shot table, in its order.
const std::vector<std::pair<std::string, std::string>>& paper_rows();
// The paper's "Avg": the mean of the 21 rows. Throws std::invalid_argument naming a missing row.
double paper_average(const std::map<std::pair<std::string, std::string>, double>& results);

}  // namespace fot::zeroshot
