// WinoGrande's partial evaluation in v0.3.0 (lm_eval/tasks/winogrande.py): two requests with
// different contexts (the sentence up to the first "_" plus each option) and the same continuation.
#pragma once

#include <string>
#include <vector>

#include "tasks/zeroshot/doc.h"
#include "tasks/zeroshot/request.h"

namespace fot::zeroshot {

// partial_context: sentence[:index("_")] + option.
std::string winogrande_partial_context(const std::string& sentence, const std::string& option);
// partial_target: " " + strip(sentence[index("_") + 1:]).
std::string winogrande_partial_target(const std::string& sentence);

// Zero-shot, no description: (append_context(doc_to_text, partial_context(option_k)), target) for
// option1 then option2. append_context splits the few-shot context on "\n\n" and drops its last
// piece (doc_to_text, the sentence with the correct option).
std::vector<Request> winogrande_requests(const Doc& doc);

}  // namespace fot::zeroshot
