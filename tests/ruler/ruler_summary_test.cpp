// The RULER section of results.md/json, as the RULER task declares it (ruler_length_table): each
// task's score as RULER prints it (round(mean * 100, 2)) and the average over the run's RULER tasks,
// per model, memory configuration and length; rows of other tasks are left out, and a length
// missing a task is marked. The expected percentages are RULER's rounding done by hand.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "harness/results/length_tables.h"
#include "harness/storage/run_manifest.h"
#include "tasks/ruler/ruler_task.h"

namespace fot {
namespace {

ResultRow row(const std::string& task, int64_t length, double value, const std::string& variant = "ruler") {
  ResultRow r;
  r.model = "m";
  r.memory_config = "none";
  r.task = task;
  r.variant = variant;
  r.context_tokens = length;
  r.metric = "string_match_all";
  r.value = value;
  return r;
}

TEST(RulerSummary, RulersPercentagesAndTheirAverage) {
  // Two tasks declaring the same table make one.
  const std::vector<ComputedLengthTable> tables =
      length_tables({ruler::ruler_length_table(), ruler::ruler_length_table()},
                    {row("vt", 1024, 2.0 / 3.0), row("fwe", 1024, 0.125), row("vt", 2048, 0.5),
                     row("passkey", 1024, 1.0, "tokens")});
  ASSERT_EQ(tables.size(), 1u);
  const ComputedLengthTable& summary = tables[0];
  ASSERT_EQ(summary.tasks, (std::vector<std::string>{"vt", "fwe"}));
  ASSERT_EQ(summary.rows.size(), 2u);
  EXPECT_EQ(summary.rows[0].values.at("vt"), 66.67);
  EXPECT_EQ(summary.rows[0].values.at("fwe"), 12.5);
  EXPECT_EQ(summary.rows[0].average, 39.59);  // (66.67 + 12.5) / 2 = 39.585, as RULER averages its printed scores
  EXPECT_TRUE(summary.rows[0].complete);
  EXPECT_FALSE(summary.rows[1].complete);
  const std::string md = length_tables_markdown(tables);
  EXPECT_NE(md.find("\n## RULER\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| model | memory_config | max_seq_length | vt | fwe | Avg |"), std::string::npos) << md;
  EXPECT_NE(md.find("| m | none | 1024 | 66.67 | 12.50 | 39.59 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| m | none | 2048 | 50.00 | | 50.00* |"), std::string::npos) << md;
  nlohmann::json results = nlohmann::json::object();
  add_length_tables_json(tables, results);
  EXPECT_EQ(results.at("ruler").at(0),
            (nlohmann::json{{"model", "m"}, {"memory_config", "none"}, {"max_seq_length", 1024},
                            {"percent", {{"vt", 66.67}, {"fwe", 12.5}}}, {"average", 39.59}, {"complete", true}}));
  const auto no_ruler = length_tables({ruler::ruler_length_table()}, {row("passkey", 1024, 1.0, "tokens")});
  EXPECT_EQ(length_tables_markdown(no_ruler), "");
  nlohmann::json none = nlohmann::json::object();
  add_length_tables_json(no_ruler, none);
  EXPECT_TRUE(none.empty());
}

// run.json keeps the declaration, so `report` and `merge` rebuild the section without the task.
TEST(RulerSummary, DeclarationSurvivesRunJson) {
  RunManifest manifest;
  GroupManifest group;
  group.model = "m";
  group.task = "vt";
  group.variant = "ruler";
  group.metrics = {{"string_match_all", MetricKind::kContinuous, true}};
  group.length_tables = {ruler::ruler_length_table()};
  manifest.groups.push_back(group);
  const std::string path =
      (std::filesystem::temp_directory_path() / ("ruler_run_json_" + std::to_string(::getpid()) + ".json")).string();
  write_run_manifest(path, manifest);
  const RunManifest read = read_run_manifest(path);
  std::filesystem::remove(path);
  ASSERT_EQ(read.groups.size(), 1u);
  ASSERT_EQ(read.groups[0].length_tables.size(), 1u);
  const LengthTable& t = read.groups[0].length_tables[0];
  const LengthTable want = ruler::ruler_length_table();
  EXPECT_EQ(t.key, want.key);
  EXPECT_EQ(t.title, want.title);
  EXPECT_EQ(t.description, want.description);
  EXPECT_EQ(t.variant, want.variant);
  EXPECT_EQ(t.metric, want.metric);
  EXPECT_EQ(t.length_column, want.length_column);
  EXPECT_EQ(t.values_field, want.values_field);
  EXPECT_EQ(t.scale, want.scale);
  EXPECT_EQ(t.decimals, want.decimals);
}

}  // namespace
}  // namespace fot
