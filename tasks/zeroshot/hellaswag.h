// HellaSwag's text preprocessing in v0.3.0 (lm_eval/tasks/hellaswag.py), which a template cannot say.
#pragma once

#include <string>

#include "tasks/zeroshot/doc.h"

namespace fot::zeroshot {

// HellaSwag.preprocess: strip(); " [title]" -> ". "; delete every non-greedy "\[.*?\]" ("." not
// matching "\n"); one left-to-right pass of "  " -> " ". Nothing is stripped afterwards.
std::string hellaswag_preprocess(const std::string& text);

// HellaSwag._process_doc: fields["query"] = preprocess(activity_label + ": " + ctx_a + " " +
// capitalize(ctx_b)); every choice (ending) preprocessed; gold unchanged.
Doc hellaswag_prepare(Doc doc);

}  // namespace fot::zeroshot
