#include <stdexcept>

#include "tasks/zeroshot/metrics.h"
#include "tasks/zeroshot/prompt_template.h"
#include "tasks/zeroshot/record.h"
#include "tasks/zeroshot/task_definitions.h"
#include "tasks/zeroshot/truthfulqa.h"
#include "tasks/zeroshot/winogrande.h"

namespace fot::zeroshot {

const std::vector<std::string>& choice_texts(const TaskDefinition& task, const Doc& doc) {
  return task.fixed_choices.empty() ? doc.choices : task.fixed_choices;
}

std::vector<Request> build_requests(const TaskDefinition& task, const Doc& doc) {
  switch (task.kind) {
    case TaskKind::kRecord:
      return record_requests(doc);
    case TaskKind::kWinogrande:
      return winogrande_requests(doc);
    case TaskKind::kTruthfulQA:
      return truthfulqa_requests(doc);
    case TaskKind::kMultipleChoice:
      break;
  }
  const std::string context = fill_template(task.context_template, doc);
  std::vector<Request> requests;
  for (const auto& choice : choice_texts(task, doc)) requests.push_back({context, " " + choice});
  return requests;
}

std::vector<std::pair<std::string, double>> score_doc(const TaskDefinition& task, const Doc& doc,
                                                      const std::vector<double>& lls) {
  switch (task.kind) {
    case TaskKind::kRecord: {
      const auto score = record_score(lls, doc.choices, doc.answers);
      return {{"f1", score.f1}, {"em", score.em}};
    }
    case TaskKind::kTruthfulQA: {
      const auto score = truthfulqa_score(doc, lls);
      return {{"mc1", score.mc1}, {"mc2", score.mc2}};
    }
    case TaskKind::kWinogrande:
    case TaskKind::kMultipleChoice:
      break;
  }
  const auto& choices = choice_texts(task, doc);
  if (lls.size() != choices.size())
    throw std::invalid_argument(task.name + ": " + std::to_string(choices.size()) + " loglikelihoods expected, got " +
                                std::to_string(lls.size()));
  const size_t pred = task.tie == TieRule::kFirstMax ? argmax_first(lls) : argmax_last(lls);
  std::vector<std::pair<std::string, double>> metrics;
  for (const auto& metric : task.metrics) {
    if (metric == "acc") {
      metrics.emplace_back("acc", static_cast<int>(pred) == doc.gold ? 1.0 : 0.0);
    } else if (metric == "acc_norm") {
      metrics.emplace_back("acc_norm", static_cast<int>(argmax_length_normalized(lls, choices)) == doc.gold ? 1.0 : 0.0);
    } else {
      throw std::logic_error(task.name + ": no scorer for metric " + metric);
    }
  }
  return metrics;
}

}  // namespace fot::zeroshot
