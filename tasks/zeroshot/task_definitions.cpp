#include "tasks/zeroshot/task_definitions.h"

#include "common/input_error.h"
#include "tasks/zeroshot/hellaswag.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

namespace {

using Paths = std::vector<std::string>;
std::vector<Doc> anli(const Paths& p) { return load_anli(p[0]); }
std::vector<Doc> arc(const Paths& p) { return load_arc(p[0]); }
std::vector<Doc> boolq(const Paths& p) { return load_boolq(p[0]); }
std::vector<Doc> hellaswag(const Paths& p) {
  auto docs = load_hellaswag(p[0]);
  for (auto& doc : docs) doc = hellaswag_prepare(std::move(doc));
  return docs;
}
std::vector<Doc> openbookqa(const Paths& p) { return load_openbookqa(p[0]); }
std::vector<Doc> piqa(const Paths& p) { return load_piqa(p[0], p[1]); }
std::vector<Doc> record(const Paths& p) { return load_record(p[0]); }
std::vector<Doc> rte(const Paths& p) { return load_rte(p[0]); }
std::vector<Doc> truthfulqa(const Paths& p) { return load_truthfulqa_mc(p[0]); }
std::vector<Doc> wic(const Paths& p) { return load_wic(p[0]); }
std::vector<Doc> winogrande(const Paths& p) { return load_winogrande(p[0]); }

}  // namespace

const std::vector<TaskDefinition>& zeroshot_tasks() {
  using K = TaskKind;
  using T = TieRule;
  const std::string anli_context = "{premise}\nQuestion: {hypothesis} True, False, or Neither?\nAnswer:";
  const std::vector<std::string> anli_choices = {"True", "Neither", "False"};
  static const std::vector<TaskDefinition> tasks = {
      {"anli_r1", 0, "test_r1", {"anli/R1/test.jsonl"}, anli, K::kMultipleChoice, anli_context, anli_choices,
       T::kFirstMax, {"acc"}},
      {"anli_r2", 0, "test_r2", {"anli/R2/test.jsonl"}, anli, K::kMultipleChoice, anli_context, anli_choices,
       T::kFirstMax, {"acc"}},
      {"anli_r3", 0, "test_r3", {"anli/R3/test.jsonl"}, anli, K::kMultipleChoice, anli_context, anli_choices,
       T::kFirstMax, {"acc"}},
      {"arc_challenge", 0, "test", {"arc/ARC-Challenge-Test.jsonl"}, arc, K::kMultipleChoice,
       "Question: {question}\nAnswer:", {}, T::kFirstMax, {"acc", "acc_norm"}},
      {"arc_easy", 0, "test", {"arc/ARC-Easy-Test.jsonl"}, arc, K::kMultipleChoice, "Question: {question}\nAnswer:", {},
       T::kFirstMax, {"acc", "acc_norm"}},
      {"boolq", 1, "validation", {"boolq/val.jsonl"}, boolq, K::kMultipleChoice, "{passage}\nQuestion: {question}?\nAnswer:",
       {"yes", "no"}, T::kLastMax, {"acc"}},
      {"hellaswag", 0, "validation", {"hellaswag/hellaswag_val.jsonl"}, hellaswag, K::kMultipleChoice, "{query}", {},
       T::kFirstMax, {"acc", "acc_norm"}},
      {"openbookqa", 0, "test", {"openbookqa/test.tsv"}, openbookqa, K::kMultipleChoice, "{question_stem}", {}, T::kFirstMax,
       {"acc", "acc_norm"}},
      {"piqa", 0, "validation", {"piqa/valid.jsonl", "piqa/valid-labels.lst"}, piqa, K::kMultipleChoice,
       "Question: {goal}\nAnswer:", {}, T::kFirstMax, {"acc", "acc_norm"}},
      {"record", 0, "validation", {"record/val.jsonl"}, record, K::kRecord, "", {}, T::kFirstMax, {"f1", "em"}},
      {"rte", 0, "validation", {"rte/dev.tsv"}, rte, K::kMultipleChoice,
       "{sentence1}\nQuestion: {sentence2} True or False?\nAnswer:", {"True", "False"}, T::kFirstMax, {"acc"}},
      {"truthfulqa_mc", 1, "validation", {"truthfulqa/mc_task.json"}, truthfulqa, K::kTruthfulQA, "", {}, T::kFirstMax,
       {"mc1", "mc2"}},
      {"wic", 0, "validation", {"wic/val.jsonl"}, wic, K::kMultipleChoice,
       "Sentence 1: {sentence1}\nSentence 2: {sentence2}\nQuestion: Is the word '{word}' used in the same way in the "
       "two sentences above?\nAnswer:",
       {"yes", "no"}, T::kLastMax, {"acc"}},
      {"winogrande", 0, "validation", {"winogrande/dev.jsonl"}, winogrande, K::kWinogrande, "", {}, T::kFirstMax, {"acc"}},
  };
  return tasks;
}

const TaskDefinition& find_zeroshot_task(const std::string& name) {
  std::string known;
  for (const auto& task : zeroshot_tasks()) {
    if (task.name == name) return task;
    known += (known.empty() ? "" : ", ") + task.name;
  }
  throw InputError("unknown zero-shot task '" + name + "' (known: " + known + ")");
}

std::vector<Doc> load_task_docs(const TaskDefinition& task, const std::string& data_dir) {
  std::vector<std::string> paths;
  for (const auto& file : task.files) paths.push_back(data_dir + "/" + file);
  return task.load(paths);
}

}  // namespace fot::zeroshot
