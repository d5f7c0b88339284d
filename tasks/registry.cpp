#include "tasks/registry.h"

#include "tasks/icl/icl_task.h"
#include "tasks/passkey/passkey_task.h"
#include "tasks/ruler/ruler_entries.h"
#include "tasks/ruler/ruler_task.h"
#include "tasks/zeroshot/task_definitions.h"
#include "tasks/zeroshot/zeroshot_task.h"

namespace fot {

namespace {

// One entry per zero-shot task name (lm-eval v0.3.0); they share one parser and one key table.
std::vector<TaskKind> with_zeroshot_tasks(std::vector<TaskKind> table) {
  for (const auto& task : zeroshot::zeroshot_tasks()) {
    std::string metrics;
    for (const auto& metric : task.metrics) metrics += (metrics.empty() ? "" : ", ") + metric;
    table.push_back({task.name,
                     "lm-eval v0.3.0 zero-shot, " + task.split + " split (" + metrics + ")",
                     {"v0.3", "v0.3+bos", "v0.4", "v0.4+bos"},
                     &zeroshot::parse_zeroshot_task,
                     {&zeroshot::zeroshot_section()}});
  }
  return table;
}

// One entry per RULER synthetic task (scripts/synthetic.yaml); they share one parser.
std::vector<TaskKind> with_ruler_tasks(std::vector<TaskKind> table) {
  for (const auto& entry : ruler::entries()) {
    const ConfigSection* section = &ruler::niah_section();
    switch (entry.defaults.generator) {
      case ruler::Generator::kNiah: break;
      case ruler::Generator::kVariableTracking: section = &ruler::variable_tracking_section(); break;
      case ruler::Generator::kCommonWords: section = &ruler::common_words_section(); break;
      case ruler::Generator::kFreqWords: section = &ruler::freq_words_section(); break;
    }
    table.push_back({entry.name, entry.description, {"ruler"}, &ruler::parse_ruler_task, {section}});
  }
  return table;
}

}  // namespace

const std::vector<TaskKind>& task_registry() {
  static const std::vector<TaskKind> table = with_ruler_tasks(with_zeroshot_tasks({
      {"passkey",
       "passkey retrieval: find a 1-5 digit key hidden in filler text, by context length and needle depth",
       {"landmark", "tokens"},
       &passkey::parse_passkey_task,
       {&passkey::tokens_section(), &passkey::landmark_section()}},
      {"trec",
       "TREC question classification, few-shot: as many demonstrations as a context budget holds, by budget and draw",
       {"fine", "coarse"},
       &icl::parse_trec_task,
       {&icl::trec_section()}},
      {"webqs",
       "WebQuestions, few-shot: greedy answers after as many demonstrations as a context budget holds, by budget and "
       "draw",
       {"greedy"},
       &icl::parse_webqs_task,
       {&icl::webqs_section()}},
  }));
  return table;
}

std::vector<std::string> task_names() {
  std::vector<std::string> out;
  for (const auto& kind : task_registry()) out.push_back(kind.name);
  return out;
}

const TaskKind* find_task(const std::string& name) {
  for (const auto& kind : task_registry())
    if (kind.name == name) return &kind;
  return nullptr;
}

}  // namespace fot
