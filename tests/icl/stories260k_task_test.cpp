// The trec task end to end on a real model: stories260K through the llama backend at a 512-token
// budget (its window). Label scores of a few items, from the ids the task logs, equal an
// independent float64 numpy forward (tests/scripts/llama2c_label_scores.py) within 1e-4; the
// shared mode (demonstrations read once, items scored in a batch from that state) equals the joint
// mode (each whole prompt read alone) within 1e-5, as it must for a plain model.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "icl_test_files.h"
#include "harness/execution/executor.h"
#include "tests/stories260k_text_model.h"
#include "tasks/icl/label_scoring.h"
#include "tasks/registry.h"

namespace fot::icl {
namespace {

using nlohmann::json;

std::vector<SampleOutcome> run_mode(TextModel& model, const std::string& variant, const std::string& mode,
                                    const std::vector<int64_t>& trials, const test::ScratchDir& dir) {
  const std::string path = dir.write("task.yaml", "name: trec\nvariant: " + variant + "\nmode: " + mode +
                                                      "\ncontext_budgets: [512]\ndraws: 2\ndata_dir: " +
                                                      test::shared_data_dir() + "\n");
  const auto task = find_task("trec")->parse(ConfigNode::load_file(path), 0);
  std::vector<WorkItem> items;
  for (int64_t trial : trials) {
    WorkItem item;
    item.axes = {{"budget", 512}, {"draw", 2}};
    item.trial = trial;
    items.push_back(item);
  }
  SampleOptions options;
  options.log_prompt = true;
  return Executor(model).run(*task, items, options);
}

TEST(Stories260KTask, LabelScoresEqualNumpyAndSharedEqualsJoint) {
  TextModel model = test::stories260k_text_model();
  test::ScratchDir dir;

  std::vector<SampleOutcome> shared, joint;
  for (const auto& [variant, trials] : std::vector<std::pair<std::string, std::vector<int64_t>>>{
           {"fine", {0, 1, 250, 499}}, {"coarse", {3, 77}}}) {
    for (auto& s : run_mode(model, variant, "shared", trials, dir)) shared.push_back(std::move(s));
    for (auto& s : run_mode(model, variant, "joint", trials, dir)) joint.push_back(std::move(s));
  }
  ASSERT_EQ(shared.size(), joint.size());

  json input;
  double shared_vs_joint = 0.0;
  for (size_t i = 0; i < shared.size(); ++i) {
    const json& d = shared[i].details;
    ASSERT_GE(d["n_demonstrations"].get<int64_t>(), 2);
    EXPECT_EQ(d["prompt_ids"], joint[i].details["prompt_ids"]);
    EXPECT_EQ(d["prediction"], joint[i].details["prediction"]);
    const auto a = d["label_scores"].get<std::vector<double>>(), b = joint[i].details["label_scores"].get<std::vector<double>>();
    ASSERT_EQ(a.size(), b.size());
    for (size_t label = 0; label < a.size(); ++label) {
      EXPECT_NEAR(a[label], b[label], 1e-5) << "item " << i << " label " << label;
      shared_vs_joint = std::max(shared_vs_joint, std::abs(a[label] - b[label]));
    }
    input["items"].push_back({{"context", d["prompt_ids"]}, {"candidates", d["candidate_ids"]}});
  }
  std::ofstream(dir.file("ids.json")) << input.dump();
  const std::string command = "/usr/bin/python3 '" + std::string(FOT_SOURCE_DIR) +
                              "/tests/scripts/llama2c_label_scores.py' --checkpoint '" + test::shared_file("stories260K/stories260K.bin") +
                              "' --input '" + dir.file("ids.json") + "' --output '" + dir.file("scores.json") + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const auto reference = json::parse(std::ifstream(dir.file("scores.json")))["items"];
  ASSERT_EQ(reference.size(), shared.size());
  double max_diff = 0.0;
  for (size_t i = 0; i < shared.size(); ++i) {
    const auto expected = reference[i]["scores"].get<std::vector<double>>();
    const auto got = shared[i].details["label_scores"].get<std::vector<double>>();
    ASSERT_EQ(expected.size(), got.size());
    for (size_t label = 0; label < got.size(); ++label) {
      EXPECT_NEAR(got[label], expected[label], 1e-4) << "item " << i << " label " << label;
      max_diff = std::max(max_diff, std::abs(got[label] - expected[label]));
    }
    const auto& labels = shared[i].details["label_scores"];
    EXPECT_EQ(labels.size(), expected.size());
    EXPECT_EQ(best_label(got), best_label(expected)) << "item " << i;
  }
  std::cout << "stories260K trec task: " << shared.size() << " items, max |C++ - numpy| = " << max_diff
            << ", max |shared - joint| = " << shared_vs_joint << "\n";
}

}  // namespace
}  // namespace fot::icl
