// Bad data: a malformed line is reported with its file and line, a missing data set names the file
// it expected (fot::InputError, which fot-eval turns into exit code 2).
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "tasks/zeroshot/loaders.h"
#include "tasks/zeroshot/task_definitions.h"
#include "tests/zeroshot/zeroshot_test_util.h"

namespace fot::zeroshot {
namespace {

// The InputError message of f(), or "" when it does not throw one.
template <typename F>
std::string input_error(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(LoaderErrors, MissingDataSetNamesTheExpectedFile) {
  const std::string dir = test::scratch_dir("missing");
  for (const auto& task : zeroshot_tasks()) {
    const std::string message = input_error([&] { load_task_docs(task, dir); });
    EXPECT_NE(message.find(dir + "/" + task.files[0]), std::string::npos) << task.name << ": " << message;
  }
}

TEST(LoaderErrors, PiqaMissingLabelsFileIsNamed) {
  const std::string dir = test::scratch_dir("piqa_labels");
  test::write_file(dir + "/piqa/valid.jsonl", "{\"goal\": \"g\", \"sol1\": \"a\", \"sol2\": \"b\"}\n");
  const std::string message = input_error([&] { load_task_docs(find_zeroshot_task("piqa"), dir); });
  EXPECT_NE(message.find(dir + "/piqa/valid-labels.lst"), std::string::npos) << message;
}

struct BadLine {
  const char* task;
  const char* file;
  const char* text;
  const char* line;    // "<file>:<line>:" must appear
  const char* detail;  // and this
};

void PrintTo(const BadLine& bad, std::ostream* os) { *os << bad.task << " " << bad.file; }

class MalformedLine : public ::testing::TestWithParam<BadLine> {};

TEST_P(MalformedLine, NamesFileAndLine) {
  const auto& bad = GetParam();
  const std::string dir = test::scratch_dir(std::string("bad_") + bad.task);
  const auto& task = find_zeroshot_task(bad.task);
  for (const auto& file : task.files) test::write_file(dir + "/" + file, "");
  test::write_file(dir + "/" + bad.file, bad.text);
  if (std::string(bad.task) == "piqa") test::write_file(dir + "/piqa/valid-labels.lst", "0\n1\n");
  const std::string message = input_error([&] { load_task_docs(task, dir); });
  EXPECT_NE(message.find(dir + "/" + bad.file + ":" + bad.line + ":"), std::string::npos) << message;
  EXPECT_NE(message.find(bad.detail), std::string::npos) << message;
}

const char* const kArcGood =
    R"({"id":"x","question":{"stem":"Q?","choices":[{"text":"a","label":"A"},{"text":"b","label":"B"}]},"answerKey":"B"})";

INSTANTIATE_TEST_SUITE_P(
    EachFormat, MalformedLine,
    ::testing::Values(
        BadLine{"arc_easy", "arc/ARC-Easy-Test.jsonl", "{\"id\": \"x\", \"answerKey\": \"A\"}\n", "1",
                "'question'"},
        BadLine{"arc_challenge", "arc/ARC-Challenge-Test.jsonl",
                R"({"id":"x","question":{"stem":"Q?","choices":[{"text":"a","label":"A"}]},"answerKey":"C"})", "1",
                "answerKey 'C'"},
        BadLine{"boolq", "boolq/val.jsonl", "{\"question\": \"q\", \"passage\": \"p\", \"label\": \"maybe\"}\n", "1",
                "'label'"},
        BadLine{"piqa", "piqa/valid.jsonl", "{\"goal\": \"g\", \"sol1\": \"a\", \"sol2\": \"b\"}\n{\"goal\": \"g\"}\n",
                "2", "'sol1'"},
        BadLine{"openbookqa", "openbookqa/test.tsv",
                "ID\tQuestion Stem\tChoices\tComplete Question\tAnswer Key\n"
                "1\tStem\t(A) a (B) b (C) c (D) d\tStem a\tA\n2\tStem\t(A) a (B) b (C) c\tStem a\tA\n",
                "3", "(D)"},
        BadLine{"anli_r1", "anli/R1/test.jsonl", "{\"context\": \"c\", \"hypothesis\": \"h\", \"label\": \"x\"}\n", "1",
                "label"},
        BadLine{"hellaswag", "hellaswag/hellaswag_val.jsonl",
                "{\"activity_label\": \"a\", \"ctx_a\": \"b\", \"ctx_b\": \"c\", \"endings\": [\"x\"], \"label\": 3}\n",
                "1", "names no ending"},
        BadLine{"record", "record/val.jsonl",
                "{\"passage\": {\"text\": \"Abc\", \"entities\": [{\"start\": 0, \"end\": 9}]}, \"qas\": []}\n", "1",
                "outside the passage"},
        BadLine{"rte", "rte/dev.tsv", "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n1\ta\tb\n", "3",
                "4 tab-separated columns"},
        // A byte that is not UTF-8 in a TSV column (no JSON parser checks these files).
        BadLine{"rte", "rte/dev.tsv", "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n1\ta\xD2\tb\tentailment\n",
                "3", "not UTF-8: byte 4"},
        BadLine{"openbookqa", "openbookqa/test.tsv",
                "ID\tQuestion Stem\tChoices\tComplete Question\tAnswer Key\n"
                "1\tStem\t(A) a (B) b (C) c (D) d\tStem a\tA\xD2\n",
                "2", "not UTF-8: byte 40"},
        BadLine{"wic", "wic/val.jsonl", "\n{\"sentence1\": \"s\", \"sentence2\": \"t\", \"start1\": 0}\n", "2",
                "'end1'"},
        BadLine{"winogrande", "winogrande/dev.jsonl",
                "{\"sentence\": \"No blank.\", \"option1\": \"a\", \"option2\": \"b\", \"answer\": \"1\"}\n", "1",
                "no '_'"}),
    [](const auto& info) { return std::string(info.param.task) + "_" + std::to_string(info.index); });

TEST(LoaderErrors, MalformedJsonNamesFileAndLine) {
  const std::string dir = test::scratch_dir("arc_json");
  test::write_file(dir + "/arc/ARC-Easy-Test.jsonl", std::string(kArcGood) + "\n" + kArcGood + "\n{\"id\": \n");
  const std::string message = input_error([&] { load_task_docs(find_zeroshot_task("arc_easy"), dir); });
  EXPECT_NE(message.find(dir + "/arc/ARC-Easy-Test.jsonl:3: malformed JSON"), std::string::npos) << message;
}

TEST(LoaderErrors, TruthfulQANamesTheQuestion) {
  const std::string dir = test::scratch_dir("truthfulqa");
  test::write_file(dir + "/truthfulqa/mc_task.json",
                   R"([{"question": "q", "mc1_targets": {"a": 1}, "mc2_targets": {"a": 1, "b": 0}},
                       {"question": "r", "mc1_targets": {"a": 1}, "mc2_targets": {"a": 2}}])");
  const std::string message = input_error([&] { load_task_docs(find_zeroshot_task("truthfulqa_mc"), dir); });
  EXPECT_NE(message.find(dir + "/truthfulqa/mc_task.json: question 1: mc2_targets"), std::string::npos) << message;
}

TEST(LoaderErrors, HellaSwagLabelIsAnIntegerOrADigitString) {
  const std::string dir = test::scratch_dir("hellaswag_label");
  const std::string path = dir + "/hellaswag_val.jsonl";
  const std::string row = R"({"activity_label": "a", "ctx_a": "b", "ctx_b": "c", "endings": ["w", "x", "y", "z"], )";
  test::write_file(path, row + "\"label\": 3}\n" + row + "\"label\": \"1\"}\n");
  const auto docs = load_hellaswag(path);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].gold, 3);
  EXPECT_EQ(docs[1].gold, 1);
  test::write_file(path, row + "\"label\": 0}\n" + row + "\"label\": \"one\"}\n");
  const std::string message = input_error([&] { load_hellaswag(path); });
  EXPECT_NE(message.find(path + ":2: field 'label'"), std::string::npos) << message;
}

TEST(LoaderErrors, PiqaLabelCountMismatchNamesBothFiles) {
  const std::string dir = test::scratch_dir("piqa_count");
  test::write_file(dir + "/piqa/valid.jsonl", "{\"goal\": \"g\", \"sol1\": \"a\", \"sol2\": \"b\"}\n");
  test::write_file(dir + "/piqa/valid-labels.lst", "0\n1\n");
  const std::string message = input_error([&] { load_task_docs(find_zeroshot_task("piqa"), dir); });
  EXPECT_NE(message.find(dir + "/piqa/valid-labels.lst"), std::string::npos) << message;
  EXPECT_NE(message.find(dir + "/piqa/valid.jsonl"), std::string::npos) << message;
}

}  // namespace
}  // namespace fot::zeroshot
