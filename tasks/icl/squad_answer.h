// WebQS answer matching: SQuAD's normalize_answer and compute_exact (docs/few-shot-protocol.md section 7), with
// Python's Unicode semantics (python_text.h). In this order: str.lower(); delete every ASCII
// punctuation character (string.punctuation); replace each whole word a, an or the (re
// \b(a|an|the)\b) by a space; split on whitespace and join with single spaces.
#pragma once

#include <string>
#include <vector>

namespace fot::icl {

// UTF-8 in and out; an ill-formed byte becomes U+FFFD.
std::string squad_normalize(const std::string& text);

// True when the prediction equals any gold answer after normalisation (false for no golds).
bool squad_exact_match(const std::string& prediction, const std::vector<std::string>& golds);

}  // namespace fot::icl
