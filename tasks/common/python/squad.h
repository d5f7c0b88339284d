// SQuAD answer comparison: normalize_answer, compute_exact and compute_f1 of SQuAD v2's official
// evaluation script (also transformers' squad_metrics, which lm-evaluation-harness v0.3.0's ReCoRD
// uses; docs/docs/few-shot-protocol.md section 1 for WebQS), with Python's str and re semantics (text.h). In this
// order: str.lower(); delete every ASCII punctuation character (string.punctuation); replace each
// whole word a, an or the (re \b(a|an|the)\b) by a space; split on whitespace and join with single
// spaces.
#pragma once

#include <string>
#include <vector>

namespace fot::python {

// UTF-8 in and out. Bytes that are not UTF-8 (a generated answer cut inside a character) are read
// as Python's bytes.decode("utf-8", "replace") reads them.
std::string squad_normalize(const std::string& text);
double squad_exact(const std::string& gold, const std::string& prediction);  // 1 or 0
double squad_f1(const std::string& gold, const std::string& prediction);     // token multiset overlap
// True when the prediction equals any gold answer after normalisation (false for no golds).
bool squad_exact_match(const std::string& prediction, const std::vector<std::string>& golds);

}  // namespace fot::python
