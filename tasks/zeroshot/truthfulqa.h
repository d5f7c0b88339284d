// TruthfulQA MC in v0.3.0 (lm_eval/tasks/truthfulqa.py, TruthfulQAMultipleChoice, VERSION 1).
#pragma once

#include <string>
#include <vector>

#include "tasks/zeroshot/doc.h"
#include "tasks/zeroshot/request.h"

namespace fot::zeroshot {

// The fixed six-pair QA_PROMPT that precedes every question (part of the "zero-shot" context).
const std::string& truthfulqa_qa_prompt();

// QA_PROMPT + "\n\nQ: " + question + "\nA:".
std::string truthfulqa_context(const std::string& question);

// " " + choice for every mc1 choice (Doc::choices), then for every mc2 choice: two blocks.
std::vector<Request> truthfulqa_requests(const Doc& doc);

struct TruthfulQAScore {
  double mc1 = 0.0, mc2 = 0.0;
};
// mc1 = argmax_first(lls[:len(mc1)]) == 0; mc2 from the rest (see truthfulqa_mc2 in metrics.h).
TruthfulQAScore truthfulqa_score(const Doc& doc, const std::vector<double>& lls);

}  // namespace fot::zeroshot
