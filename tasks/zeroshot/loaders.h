// Loaders for each data set's original distribution files. Each returns the documents of one split
// in file order (Doc::doc_index = position), shaped as the Hugging Face loader used by
// lm-evaluation-harness v0.3.0 shapes them (tasks/zeroshot/README.md: where each file comes from).
// Malformed lines throw fot::InputError naming file and line; a missing file is named.
#pragma once

#include <string>
#include <vector>

#include "tasks/zeroshot/doc.h"

namespace fot::zeroshot {

// ARC-V1-Feb2018 JSONL (ARC-Easy-Test.jsonl ...): question = question.stem, choices = choice texts,
// gold = "ABCDE".index(answerKey with "1".."5" mapped to "A".."E").
std::vector<Doc> load_arc(const std::string& path);

// PIQA valid.jsonl + valid-labels.lst (aligned by line): goal, choices [sol1, sol2], gold = label.
std::vector<Doc> load_piqa(const std::string& jsonl_path, const std::string& labels_path);

// SuperGLUE BoolQ val.jsonl: passage, question; label true/false (JSON boolean or the strings
// "true"/"false") -> gold 0 (" yes") or 1 (" no").
std::vector<Doc> load_boolq(const std::string& path);

// OpenBookQA Main TSV (test.tsv): question_stem, choices split from "(A) .. (B) .. (C) .. (D) ..",
// gold = "ABCD".index(strip(Answer Key)).
std::vector<Doc> load_openbookqa(const std::string& path);

// ANLI v1.0 R<n>/test.jsonl: premise = context, hypothesis, label "e"/"n"/"c" -> gold 0/1/2.
std::vector<Doc> load_anli(const std::string& path);

// HellaSwag hellaswag_val.jsonl (rowanz/hellaswag): activity_label, ctx_a, ctx_b, choices = endings,
// gold = label (the raw text, not yet preprocessed: see hellaswag.h).
std::vector<Doc> load_hellaswag(const std::string& path);

// SuperGLUE ReCoRD val.jsonl: one Doc per query (doc_index counts queries in file order): passage,
// query; choices = sorted unique entity strings text[start:end+1] (code points, end inclusive);
// answers = sorted unique answer texts.
std::vector<Doc> load_record(const std::string& path);

// GLUE RTE dev.tsv (index, sentence1, sentence2, label): label entailment/not_entailment -> gold 0/1.
std::vector<Doc> load_rte(const std::string& path);

// TruthfulQA data/mc_task.json (a JSON array): question; choices/gold from mc1_targets (key order of
// the file, gold 0), mc2_choices/mc2_labels from mc2_targets.
std::vector<Doc> load_truthfulqa_mc(const std::string& path);

// SuperGLUE WiC val.jsonl: sentence1, sentence2, word = sentence1[start1:end1] (code points);
// label true/false -> gold 0 (" yes") / 1 (" no").
std::vector<Doc> load_wic(const std::string& path);

// WinoGrande 1.1 dev.jsonl: sentence, option1, option2; answer "1"/"2" -> gold 0/1.
std::vector<Doc> load_winogrande(const std::string& path);

}  // namespace fot::zeroshot
