// The trec and webqs tasks: their config entries, sweep, and the prompts they log, checked against
// Debian's python3-sentencepiece (tests/scripts/icl_layout_reference.py) with both OpenLLaMA
// tokenizers: logged prompt ids = [BOS] + demonstrations (each + newline) + test prompt, candidate
// ids = the verbalizers encoded without a leading space, the first rejected demonstration not
// fitting the budget, and a plain model's keep-the-last-that-fit policy beyond its window. The
// model is the mock backend (what it scores does not matter here), fed the real tokenizer.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include "common/input_error.h"
#include "icl_test_files.h"
#include "harness/execution/executor.h"
#include "models/mock/mock_model.h"
#include "tasks/icl/icl_task.h"
#include "tasks/registry.h"

namespace fot::icl {
namespace {

using nlohmann::json;

std::unique_ptr<Task> parse_task(const test::ScratchDir& dir, const std::string& yaml) {
  const std::string path = dir.write("task.yaml", yaml);
  const ConfigNode entry = ConfigNode::load_file(path);
  const TaskKind* kind = find_task(entry.at("name").as_string());
  if (!kind) throw std::runtime_error("no task " + entry.at("name").as_string());
  return kind->parse(entry, 0);
}

std::string data_line() { return "data_dir: " + test::shared_data_dir() + "\n"; }

TextModel mock_model(const std::string& tokenizer_file, int64_t context_limit) {
  ModelSpec spec;
  spec.name = "mock";
  spec.backend = "mock";
  spec.mock.window = 0;
  spec.mock.context_limit = context_limit;
  auto codec = test::sentencepiece_codec(tokenizer_file);
  return {"mock", std::make_shared<MockModel>(spec, codec), codec};
}

WorkItem item(int64_t budget, int64_t draw, int64_t trial) {
  WorkItem out;
  out.axes = {{"budget", budget}, {"draw", draw}};
  out.trial = trial;
  return out;
}

TEST(IclTask, EntryDefaultsAxesAndSweep) {
  test::ScratchDir dir;
  auto trec = parse_task(dir, "name: trec\n" + data_line());
  EXPECT_EQ(trec->name(), "trec");
  EXPECT_EQ(trec->variant(), "fine");
  ASSERT_EQ(trec->axes().size(), 2u);
  EXPECT_EQ(trec->axes()[0].name, "budget");
  EXPECT_EQ(trec->axes()[0].role, AxisRole::kLength);
  EXPECT_EQ(trec->axes()[1].name, "draw");
  EXPECT_EQ(trec->axes()[1].role, AxisRole::kDraw);
  EXPECT_EQ(trec->metrics().front().name, "accuracy");
  EXPECT_EQ(trec->metrics().front().kind, MetricKind::kBinary);
  const json canonical = trec->canonical();
  EXPECT_EQ(canonical["context_budgets"], json({2048, 4096, 6144, 8192}));
  EXPECT_EQ(canonical["draws"], 20);
  EXPECT_EQ(canonical["mode"], "shared");
  EXPECT_EQ(trec->sample_settings()["mode"], "shared");
  EXPECT_EQ(canonical["last_context_length"], "auto");
  EXPECT_EQ(canonical["beyond_window"], "keep_last");
  // Every budget x draw x test item; --limit keeps the first N test items per point.
  EXPECT_EQ(trec->plan(0).size(), 4u * 20u * 500u);
  const auto limited = trec->plan(3);
  ASSERT_EQ(limited.size(), 4u * 20u * 3u);
  EXPECT_EQ(limited[0].point(), "budget=2048;draw=1");
  EXPECT_EQ(limited[2].trial, 2);
  EXPECT_EQ(limited[3].point(), "budget=2048;draw=2");
  // Shared mode batches one draw and budget; joint runs items alone.
  EXPECT_EQ(trec->batch_key(limited[0]), trec->batch_key(limited[2]));
  EXPECT_NE(trec->batch_key(limited[0]), trec->batch_key(limited[3]));

  auto webqs = parse_task(dir, "name: webqs\ncontext_budgets: [512, 1024]\ndraws: 2\nmode: joint\ntest_items: 4\n"
                               "last_context_length: 100\n" + data_line());
  EXPECT_EQ(webqs->metrics().front().name, "exact_match");
  EXPECT_EQ(webqs->plan(0).size(), 2u * 2u * 4u);
  EXPECT_EQ(webqs->plan(0).size(), 2u * 2u * 4u);
  EXPECT_EQ(webqs->sample_settings()["mode"], "joint");
  EXPECT_EQ(webqs->sample_settings()["last_context_length"], 100);
  EXPECT_EQ(webqs->batch_key(webqs->plan(0)[0]), "");
  EXPECT_EQ(parse_task(dir, "name: trec\nvariant: coarse\n" + data_line())->variant(), "coarse");
}

TEST(IclTask, BadEntriesNameTheField) {
  test::ScratchDir dir;
  auto message = [&](const std::string& yaml) {
    try {
      parse_task(dir, yaml)->plan(0);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("name: trec\nvariant: medium\n" + data_line()).find("medium"), std::string::npos);
  EXPECT_NE(message("name: trec\nmode: both\n" + data_line()).find("mode"), std::string::npos);
  EXPECT_NE(message("name: trec\ndraws: 0\n" + data_line()).find("draws"), std::string::npos);
  EXPECT_NE(message("name: trec\ncontext_budget: [1]\n" + data_line()).find("context_budgets"), std::string::npos);
  EXPECT_NE(message("name: webqs\nvariant: fine\n" + data_line()).find("variant"), std::string::npos);
  EXPECT_NE(message("name: trec\ndata_dir: /nonexistent/data\n").find("/nonexistent/data"), std::string::npos);
  EXPECT_NE(message("name: trec\n").find("data_dir"), std::string::npos);
  // A directory without the files: the loader names the file.
  EXPECT_NE(message("name: trec\ndata_dir: " + dir.file("") + "\n").find("train_5500.label"), std::string::npos);
}

struct Case {
  std::string tokenizer, task;
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.tokenizer << " " << c.task; }

class TaskLayout : public ::testing::TestWithParam<Case> {};

TEST_P(TaskLayout, LoggedIdsEqualTheSentencePieceReference) {
  const auto& [tokenizer, task] = GetParam();
  const auto golden = test::read_golden("layout_" + tokenizer + "_" + task + ".json");
  const std::string file = tokenizer == "v1" ? "open_llama_tokenizer/tokenizer.model"
                                             : "open_llama_tokenizer/tokenizer_ol_v2.model";
  test::ScratchDir dir;
  const std::string entry = task == "webqs" ? "name: webqs\n" : "name: trec\nvariant: " + task.substr(5) + "\n";
  for (const char* mode : {"shared", "joint"}) {
    SCOPED_TRACE(mode);
    auto t = parse_task(dir, entry + "mode: " + mode + "\n" + data_line());
    TextModel model = mock_model(file, 0);
    SampleOptions options;
    options.log_prompt = true;
    const auto n_test = golden["n_test"].get<int64_t>();
    for (const auto& draw : golden["draws"]) {
      for (const auto& at : draw["budgets"]) {
        const auto budget = at["budget"].get<int64_t>();
        std::vector<WorkItem> items;
        for (const auto& golden_item : golden["items"])
          items.push_back(item(budget, draw["seed"].get<int64_t>(), golden_item["index"].get<int64_t>()));
        const auto outcomes = Executor(model).run(*t, items, options);
        for (size_t i = 0; i < outcomes.size(); ++i) {
          const json& d = outcomes[i].details;
          TokenIds expected = at["context_ids"].get<TokenIds>();
          const auto prompt = golden["items"][i]["prompt_ids"].get<TokenIds>();
          expected.insert(expected.end(), prompt.begin(), prompt.end());
          ASSERT_EQ(d["prompt_ids"].get<TokenIds>(), expected) << "budget " << budget << " item " << items[i].trial;
          EXPECT_EQ(outcomes[i].prompt_ids, expected);
          EXPECT_EQ(*outcomes[i].context_tokens, static_cast<int64_t>(expected.size()));
          EXPECT_EQ(d["demonstration_indices"], at["rows"]);
          EXPECT_EQ(d["n_demonstrations"], at["rows"].size());
          EXPECT_EQ(d["draw"], draw["seed"]);
          EXPECT_EQ(d["budget"], budget);
          EXPECT_EQ(d["mode"], mode);
          // The first rejected demonstration does not fit; the logged prompt with its answer does.
          const auto accepted = static_cast<int64_t>(at["context_ids"].size()) - 1;
          EXPECT_GE(1 + accepted + at["rejected_length"].get<int64_t>() + 1 + golden["reserve"].get<int64_t>(), budget);
          EXPECT_LE(static_cast<int64_t>(expected.size()) + golden["answer_room"].get<int64_t>(), budget);
          if (task == "webqs") {
            EXPECT_FALSE(d.contains("candidate_ids"));
            EXPECT_TRUE(d["gold"].is_array());
          } else {
            EXPECT_EQ(d["candidate_ids"], golden["candidates"]);
            EXPECT_EQ(d["label_scores"].size(), golden["candidates"].size());
          }
          EXPECT_LT(items[i].trial, n_test);
        }
      }
      // A plain model with a 2048-token window at 8192: the last demonstrations that fit 2048.
      TextModel plain = mock_model(file, 2048);
      const auto kept = Executor(plain).run(*t, item(8192, draw["seed"].get<int64_t>(), 0), options);
      EXPECT_EQ(kept.details["demonstration_indices"], draw["window_2048"]["rows"]);
      EXPECT_EQ(kept.details["beyond_window"], "keep_last");
      EXPECT_EQ(kept.details["n_demonstrations_in_budget"], draw["budgets"].back()["rows"].size());
      EXPECT_LT(*kept.context_tokens + golden["answer_room"].get<int64_t>(), 2048);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(BothTokenizers, TaskLayout,
                         ::testing::Values(Case{"v1", "trec_fine"}, Case{"v1", "trec_coarse"}, Case{"v1", "webqs"},
                                           Case{"v2", "trec_fine"}, Case{"v2", "trec_coarse"}, Case{"v2", "webqs"}),
                         [](const auto& info) { return info.param.tokenizer + "_" + info.param.task; });

TEST(IclTask, BeyondWindowErrorRefusesTheBudget) {
  test::ScratchDir dir;
  auto t = parse_task(dir, "name: trec\nbeyond_window: error\ncontext_budgets: [2048, 4096]\n" + data_line());
  TextModel plain = mock_model("open_llama_tokenizer/tokenizer.model", 2048);
  ModelView view{"plain", plain.model->info(), plain.codec};
  EXPECT_THROW(t->check(view), InputError);
  TextModel unbounded = mock_model("open_llama_tokenizer/tokenizer.model", 0);
  EXPECT_NO_THROW(t->check(ModelView{"unbounded", unbounded.model->info(), unbounded.codec}));
}

}  // namespace
}  // namespace fot::icl
