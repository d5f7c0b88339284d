// WebQuestions loading: every answer list equals the HF loader's regex parse (golden from
// tests/scripts/icl_data_reference.py), and bad files are reported by file and line.
#include <gtest/gtest.h>

#include "icl_test_files.h"
#include "common/input_error.h"
#include "tasks/icl/webqs_data.h"

namespace fot::icl {
namespace {

void expect_rows_equal(const std::vector<WebqsQuestion>& questions, const nlohmann::json& golden) {
  ASSERT_EQ(questions.size(), golden.size());
  for (size_t i = 0; i < questions.size(); ++i) {
    ASSERT_EQ(questions[i].utterance, golden[i][0].get<std::string>()) << "row " << i;
    ASSERT_EQ(questions[i].answers, golden[i][1].get<std::vector<std::string>>()) << "row " << i;
    ASSERT_EQ(questions[i].line, static_cast<int64_t>(i + 2)) << "one object a line after '['";
  }
}

TEST(WebqsData, AnswersEqualTheHfParseOnBothFiles) {
  const auto splits = load_webqs(test::shared_data_dir());
  const auto golden = test::read_golden("data.json");
  EXPECT_EQ(splits.train.size(), 3778u);
  EXPECT_EQ(splits.test.size(), 2032u);
  expect_rows_equal(splits.train, golden["webqs_train"]);
  expect_rows_equal(splits.test, golden["webqs_test"]);
  EXPECT_EQ(splits.test[0].answers, (std::vector<std::string>{"Jamaican Creole English Language", "Jamaican English"}));
  size_t multi = 0;
  for (const auto& q : splits.train) multi += q.answers.size() > 1;
  EXPECT_EQ(multi, 1202u);  // docs/few-shot-protocol.md section 1
}

TEST(WebqsData, TargetValueQuirksFollowTheRegex) {
  using V = std::vector<std::string>;
  EXPECT_EQ(parse_target_value("(list (description Germany))"), V{"Germany"});
  EXPECT_EQ(parse_target_value("(list (description \"A b\") (description C))"), (V{"A b", "C"}));
  // A quoted answer holding a quote is taken, quotes included, up to the next ')'.
  EXPECT_EQ(parse_target_value("(list (description \"\"Hope\" is a thing\"))"), V{"\"\"Hope\" is a thing\""});
  EXPECT_EQ(parse_target_value("(list (description \"X (\"y\"): z\") (description W))"), (V{"\"X (\"y\"", "W"}));
  EXPECT_EQ(parse_target_value("(list (description ) (description \"\"))"), V{"\"\""});
  EXPECT_EQ(parse_target_value("(list)"), V{});
}

std::string error_of(const std::string& path) {
  try {
    read_webqs_file(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(WebqsData, BadFilesAreNamedByFileAndLine) {
  test::ScratchDir dir;
  const std::string good =
      R"json({"url": "u", "targetValue": "(list (description \"Jazmyn Bieber\"))", "utterance": "who?"})json";
  const std::string no_comma =
      dir.write("no_comma.json", "[\n" + good + ",\n" + good + ",\n" + R"json({"url": "u" "utterance": "x"})json" + "\n]\n");
  EXPECT_NE(error_of(no_comma).find(no_comma + ":4: not valid JSON"), std::string::npos) << error_of(no_comma);
  const std::string truncated = dir.write("truncated.json", "[\n" + good + ",\n{\"url\": ");
  EXPECT_NE(error_of(truncated).find(truncated + ":3: not valid JSON"), std::string::npos) << error_of(truncated);
  const std::string no_utterance =
      dir.write("no_utterance.json", "[\n" + good + ",\n" + R"json({"url": "u", "targetValue": "(list)"})json" + "\n]\n");
  EXPECT_NE(error_of(no_utterance).find(no_utterance + ":3: field 'utterance'"), std::string::npos)
      << error_of(no_utterance);
  const std::string no_answer = dir.write(
      "no_answer.json", "[\n" + good + ",\n" + good + ",\n" + R"json({"targetValue": "(list)", "utterance": "x"})json" + "]");
  EXPECT_NE(error_of(no_answer).find(no_answer + ":4: targetValue holds no"), std::string::npos) << error_of(no_answer);
  const std::string number = dir.write("number.json", "[" + good + ", {\"targetValue\": 3, \"utterance\": \"x\"}]");
  EXPECT_NE(error_of(number).find(number + ":1: field 'targetValue'"), std::string::npos) << error_of(number);
  EXPECT_NE(error_of(dir.write("object.json", "{}")).find("expected a JSON array"), std::string::npos);
  EXPECT_NE(error_of(dir.file("absent.json")).find(dir.file("absent.json")), std::string::npos);
  EXPECT_THROW(load_webqs(dir.file("nowhere")), InputError);
  // Braces and escaped quotes inside strings do not confuse the line of later objects.
  const std::string tricky = R"json({"url": "{[\"", "targetValue": "(list (description A))", "utterance": "q?"})json";
  const auto questions = read_webqs_file(dir.write("tricky.json", "[" + tricky + ",\n\n" + good + "]"));
  ASSERT_EQ(questions.size(), 2u);
  EXPECT_EQ(questions[0].line, 1);
  EXPECT_EQ(questions[1].line, 3);
}

}  // namespace
}  // namespace fot::icl
