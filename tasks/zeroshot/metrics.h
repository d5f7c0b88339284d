// Per-document metrics exactly as lm-evaluation-harness v0.3.0's task classes compute them, in
// float64 with Python's left-to-right summation order. Aggregation: aggregation.h.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fot::zeroshot {

// np.argmax: the first maximum wins a tie.
size_t argmax_first(const std::vector<double>& values);
// The last maximum wins a tie: BoolQ and WiC predict " yes" (index 0) only if ll_yes > ll_no.
size_t argmax_last(const std::vector<double>& values);

// acc_norm's prediction: argmax_first of lls[i] / len(choices[i]), len in Unicode code points of the
// choice text without the leading space of its continuation.
size_t argmax_length_normalized(const std::vector<double>& lls, const std::vector<std::string>& choices);

// ReCoRD: prediction = entities[argmax_first(lls)]; em/f1 = max over the gold answers.
struct RecordScore {
  double em = 0.0, f1 = 0.0;
};
RecordScore record_score(const std::vector<double>& lls, const std::vector<std::string>& entities,
                         const std::vector<std::string>& answers);

// TruthfulQA mc2: with s = labels.index(0), sum(exp(ll[:s]) / total) where total = sum(exp(ll)).
// Raw exp as in v0.3.0: NaN when every ll underflows (< about -745), as Python gives.
double truthfulqa_mc2(const std::vector<double>& lls, const std::vector<int>& labels);

}  // namespace fot::zeroshot
