// SQuAD answer comparison (transformers' squad_metrics, which v0.3.0's ReCoRD uses).
#pragma once

#include <string>

namespace fot::zeroshot {

// normalize_answer: lower(), drop ASCII punctuation, articles a/an/the as whole words -> " ",
// collapse whitespace.
std::string squad_normalize(const std::string& text);
// compute_exact / compute_f1 (token multiset overlap of the normalized strings).
double squad_exact(const std::string& gold, const std::string& prediction);
double squad_f1(const std::string& gold, const std::string& prediction);

}  // namespace fot::zeroshot
