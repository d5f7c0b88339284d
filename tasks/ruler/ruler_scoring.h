// RULER's scoring (scripts/eval/evaluate.py postprocess_pred, scripts/eval/synthetic/constants.py
// string_match_all / string_match_part), per sample in [0, 1], and RULER's reported percentage.
#pragma once

#include <string>
#include <vector>

namespace fot::ruler {

// str.strip(), every character in [\x00-\x1f] replaced by "\n", str.strip() again.
std::string postprocess_prediction(const std::string& prediction);

// The fraction of references found in the prediction (case-insensitive substring, Python's lower()).
double string_match_all(const std::string& prediction, const std::vector<std::string>& references);
// 1 when any reference is found in the prediction, else 0.
double string_match_part(const std::string& prediction, const std::vector<std::string>& references);

// RULER's task score from the per-sample values: round(sum / n * 100, 2) (0 for no samples).
double ruler_percentage(const std::vector<double>& per_sample);

}  // namespace fot::ruler
