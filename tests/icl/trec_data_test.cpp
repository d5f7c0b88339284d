// TREC loading: the real files read as the HF trec loader reads them (golden from
// tests/scripts/icl_data_reference.py), the label sets, and errors that name file and line.
#include <gtest/gtest.h>

#include <set>

#include "icl_test_files.h"
#include "common/input_error.h"
#include "tasks/icl/trec_data.h"
#include "tasks/icl/trec_labels.h"

namespace fot::icl {
namespace {

void expect_rows_equal(const std::vector<TrecQuestion>& questions, const nlohmann::json& golden) {
  ASSERT_EQ(questions.size(), golden.size());
  for (size_t i = 0; i < questions.size(); ++i) {
    ASSERT_EQ(questions[i].coarse, golden[i][0].get<std::string>()) << "row " << i;
    ASSERT_EQ(questions[i].fine, golden[i][1].get<std::string>()) << "row " << i;
    ASSERT_EQ(questions[i].text, golden[i][2].get<std::string>()) << "row " << i;
    ASSERT_EQ(questions[i].line, static_cast<int64_t>(i + 1));
  }
}

TEST(TrecData, ReadsBothFilesAsTheHfLoader) {
  const auto splits = load_trec(test::shared_data_dir());
  const auto golden = test::read_golden("data.json");
  EXPECT_EQ(splits.train.size(), 5452u);
  EXPECT_EQ(splits.test.size(), 500u);
  expect_rows_equal(splits.train, golden["trec_train"]);
  expect_rows_equal(splits.test, golden["trec_test"]);
  // The one non-UTF-8 byte of the official file (line 66) reads as a space.
  EXPECT_EQ(splits.train[65].text, "Which city has the oldest relationship as a sister city with Los Angeles ?");
}

TEST(TrecLabels, FiftyFineAndSixCoarseCoverTheData) {
  const auto& fine = trec_labels(TrecVariant::kFine);
  const auto& coarse = trec_labels(TrecVariant::kCoarse);
  ASSERT_EQ(fine.size(), 50u);
  ASSERT_EQ(coarse.size(), 6u);
  std::set<std::string> names, verbalizers;
  for (const auto& label : fine) names.insert(label.name), verbalizers.insert(label.verbalizer);
  EXPECT_EQ(names.size(), 50u);
  EXPECT_EQ(verbalizers.size(), 50u);
  EXPECT_EQ(fine.front().name, "ABBR:abb");
  EXPECT_EQ(fine.front().verbalizer, "abbreviation abbreviation");
  EXPECT_EQ(fine[trec_label_index(TrecVariant::kFine, "NUM", "volsize")].verbalizer, "numeric size");
  EXPECT_EQ(coarse[trec_label_index(TrecVariant::kCoarse, "ABBR", "exp")].verbalizer, "Expression");
  EXPECT_EQ(trec_label_index(TrecVariant::kCoarse, "DESC", "def"), 0);
  EXPECT_EQ(trec_label_index(TrecVariant::kFine, "NUM", "nope"), -1);

  const auto splits = load_trec(test::shared_data_dir());
  std::set<std::string> train_fine, test_fine;
  for (const auto& q : splits.train) train_fine.insert(q.coarse + ":" + q.fine);
  for (const auto& q : splits.test) test_fine.insert(q.coarse + ":" + q.fine);
  EXPECT_EQ(train_fine, names);  // all 50 occur in train
  EXPECT_EQ(test_fine.size(), 42u);

  EXPECT_EQ(parse_trec_variant("fine"), TrecVariant::kFine);
  EXPECT_EQ(parse_trec_variant("coarse"), TrecVariant::kCoarse);
  EXPECT_THROW(parse_trec_variant("Fine"), InputError);
}

std::string error_of(const std::string& path) {
  try {
    read_trec_file(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TrecData, BadLinesAreNamedByFileAndLine) {
  test::ScratchDir dir;
  const std::string good = "DESC:manner How did serfdom develop in and then leave Russia ?\n";
  const std::string no_space = dir.write("no_space.label", good + good + "NUM:date\n");
  EXPECT_NE(error_of(no_space).find(no_space + ":3:"), std::string::npos) << error_of(no_space);
  const std::string no_colon = dir.write("no_colon.label", good + "NUMdate When ?\n");
  EXPECT_NE(error_of(no_colon).find(no_colon + ":2: label 'NUMdate'"), std::string::npos) << error_of(no_colon);
  const std::string unknown = dir.write("unknown.label", "NUM:year When ?\n");
  EXPECT_NE(error_of(unknown).find(unknown + ":1: unknown label 'NUM:year'"), std::string::npos);
  const std::string bad_utf8 = dir.write("bad_utf8.label", good + "NUM:date When \xff ?\n");
  EXPECT_NE(error_of(bad_utf8).find(bad_utf8 + ":2: not UTF-8"), std::string::npos) << error_of(bad_utf8);
  const std::string empty_line = dir.write("empty_line.label", good + "\n" + good);
  EXPECT_NE(error_of(empty_line).find(empty_line + ":2:"), std::string::npos) << error_of(empty_line);
  EXPECT_NE(error_of(dir.file("absent.label")).find(dir.file("absent.label")), std::string::npos);
  EXPECT_NE(error_of(dir.write("empty.label", "")).find("no questions"), std::string::npos);

  // Byte rule: 0xF0 becomes a space, surrounding ASCII whitespace (CR included) is stripped.
  const auto questions = read_trec_file(dir.write("rule.label", "  LOC:city Sister\xf0" "city ?\r\n"));
  ASSERT_EQ(questions.size(), 1u);
  EXPECT_EQ(questions[0].text, "Sister city ?");
  EXPECT_THROW(load_trec(dir.file("nowhere")), InputError);
}

}  // namespace
}  // namespace fot::icl
