// The 14 zero-shot tasks of lm-evaluation-harness v0.3.0 as data: where the split's files lie under
// a data_dir laid out like ../shared/data, the prompt template and choices of the plain
// multiple-choice tasks, the tie rule and the metrics. The few things data cannot say are C++
// (hellaswag.h, record.h, winogrande.h, truthfulqa.h); build_requests() and score_doc() dispatch.
//
// A thin Task adapter calls: find_zeroshot_task(name) -> load_task_docs(task, data_dir) ->
// evaluation_order(docs.size(), limit) (evaluation_order.h) -> for each doc: build_requests(task, doc),
// tokenize_request(...) (request_tokens.h), the model's loglikelihoods -> score_doc(task, doc, lls);
// per metric: mean and mean_stderr (aggregation.h).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tasks/zeroshot/doc.h"
#include "tasks/zeroshot/request.h"

namespace fot::zeroshot {

// How the requests are built and scored.
enum class TaskKind {
  kMultipleChoice,  // context = template, continuations = " " + choice (fixed list or Doc::choices)
  kRecord,          // record.h
  kWinogrande,      // winogrande.h
  kTruthfulQA,      // truthfulqa.h
};

// Which choice wins equal loglikelihoods.
enum class TieRule {
  kFirstMax,  // np.argmax (most tasks; RTE's "ll_false > ll_true" also keeps " True", index 0)
  kLastMax,   // BoolQ, WiC: " yes" (index 0) only if ll_yes > ll_no strictly
};

// Reads the split's files (TaskDefinition::files resolved against data_dir, in that order).
using DocLoader = std::vector<Doc> (*)(const std::vector<std::string>& paths);

struct TaskDefinition {
  std::string name;                    // e.g. "arc_easy"
  int version = 0;                     // v0.3.0 VERSION (boolq and truthfulqa_mc: 1)
  std::string split;                   // the split v0.3.0 scores: "test" or "validation" (ANLI: "test_r1"...)
  std::vector<std::string> files;      // relative to data_dir (PIQA: questions, labels)
  DocLoader load = nullptr;            // loaders.h (+ hellaswag_prepare for HellaSwag)
  TaskKind kind = TaskKind::kMultipleChoice;
  std::string context_template;        // kMultipleChoice: fill_template() over Doc::fields
  std::vector<std::string> fixed_choices;  // kMultipleChoice: empty = Doc::choices
  TieRule tie = TieRule::kFirstMax;
  std::vector<std::string> metrics;    // in output order, e.g. {"acc", "acc_norm"}
};

// All 14, sorted by name.
const std::vector<TaskDefinition>& zeroshot_tasks();
// Throws fot::InputError listing the known names.
const TaskDefinition& find_zeroshot_task(const std::string& name);

// The scored split's documents in file order, ready for build_requests (HellaSwag preprocessed).
// A missing file: InputError naming it.
std::vector<Doc> load_task_docs(const TaskDefinition& task, const std::string& data_dir);

// The choice texts of a doc's requests (fixed or per-doc); acc_norm divides by their lengths.
const std::vector<std::string>& choice_texts(const TaskDefinition& task, const Doc& doc);

// The doc's loglikelihood requests in v0.3.0's construct_requests order (zero-shot, no description).
std::vector<Request> build_requests(const TaskDefinition& task, const Doc& doc);

// The doc's metrics from one loglikelihood per request (in request order), in task.metrics order.
std::vector<std::pair<std::string, double>> score_doc(const TaskDefinition& task, const Doc& doc,
                                                      const std::vector<double>& lls);

}  // namespace fot::zeroshot
