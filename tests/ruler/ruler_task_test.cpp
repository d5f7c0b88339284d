// The RULER task entries: RULER's names and defaults (scripts/synthetic.yaml), config errors that
// name the key or file, and a sample run through the mock backend with the OpenLLaMA tokenizer: the
// model reads [BOS] + input + answer prefix of RULER's sample t, and the record carries RULER's fields.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../icl/icl_test_files.h"
#include "common/input_error.h"
#include "harness/execution/executor.h"
#include "models/mock/mock_model.h"
#include "ruler_test_files.h"
#include "tasks/registry.h"
#include "tasks/ruler/ruler_data.h"
#include "tasks/ruler/ruler_entries.h"
#include "tasks/ruler/ruler_generator.h"

namespace fot::ruler {
namespace {

using fot::test::ScratchDir;

// The scratch folder itself (a data_dir with none of RULER's files until a test writes them).
std::string folder(const ScratchDir& dir) { return std::filesystem::path(dir.file("x")).parent_path().string(); }

std::unique_ptr<Task> parse(const ScratchDir& dir, const std::string& yaml) {
  const ConfigNode entry = ConfigNode::load_file(dir.write("task.yaml", yaml));
  const TaskKind* kind = find_task(entry.at("name").as_string());
  if (!kind) throw std::runtime_error("no task " + entry.at("name").as_string());
  return kind->parse(entry, 0);
}

std::string error_of(const ScratchDir& dir, const std::string& yaml) {
  try {
    parse(dir, yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(RulerTask, RegistryHasRulersNamesAndDefaults) {
  for (const char* name : {"niah_single_1", "niah_single_2", "niah_single_3", "niah_multikey_1", "niah_multikey_2",
                           "niah_multikey_3", "niah_multivalue", "niah_multiquery", "vt", "cwe", "fwe"})
    EXPECT_NE(find_task(name), nullptr) << name;
  // scripts/synthetic.yaml and constants.py at c3f5e3b.
  const Settings mk3 = find_entry("niah_multikey_3")->defaults;
  EXPECT_EQ(mk3.type_haystack, "needle");
  EXPECT_EQ(mk3.type_needle_k, "uuids");
  EXPECT_EQ(mk3.type_needle_v, "uuids");
  EXPECT_EQ(mk3.tokens_to_generate, 128);
  EXPECT_EQ(find_entry("niah_multivalue")->defaults.num_needle_v, 4);
  EXPECT_EQ(find_entry("niah_multiquery")->defaults.num_needle_q, 4);
  EXPECT_EQ(find_entry("niah_multikey_1")->defaults.num_needle_k, 4);
  EXPECT_EQ(find_entry("vt")->defaults.num_hops, 4);
  EXPECT_EQ(find_entry("vt")->defaults.tokens_to_generate, 30);
  EXPECT_EQ(find_entry("cwe")->defaults.freq_cw, 30);
  EXPECT_EQ(find_entry("cwe")->defaults.tokens_to_generate, 120);
  EXPECT_EQ(find_entry("fwe")->defaults.alpha, 2.0);
  EXPECT_EQ(find_entry("fwe")->defaults.tokens_to_generate, 50);
  EXPECT_EQ(find_entry("niah_single_1")->defaults.random_seed, 42u);
}

TEST(RulerTask, EntryAxesPlanAndSettings) {
  ScratchDir dir;
  auto task = parse(dir, "name: vt\ncontext_lengths: [1024, 2048]\nnum_samples: 3\nnum_hops: 2\n");
  ASSERT_EQ(task->axes().size(), 1u);
  EXPECT_EQ(task->axes()[0].name, "max_seq_length");
  EXPECT_EQ(task->axes()[0].role, AxisRole::kLength);
  EXPECT_EQ(task->metrics()[0].name, "string_match_all");
  EXPECT_EQ(task->metrics()[0].kind, MetricKind::kContinuous);
  EXPECT_EQ(task->plan(0).size(), 6u);
  EXPECT_EQ(task->plan(2).size(), 4u);
  EXPECT_EQ(task->sample_settings().at("num_hops"), 2);
  auto defaults = parse(dir, "name: niah_single_1\ndata_dir: " + test::ruler_data_dir() + "\n");
  EXPECT_EQ(defaults->metrics()[0].kind, MetricKind::kBinary);
  EXPECT_EQ(defaults->canonical().at("context_lengths"), nlohmann::json({4096, 8192, 16384, 32768, 65536, 131072}));
  EXPECT_EQ(defaults->canonical().at("num_samples"), 500);
}

TEST(RulerTask, ConfigErrorsNameTheKeyOrFile) {
  ScratchDir dir;
  EXPECT_NE(error_of(dir, "name: vt\nnum_hopz: 3\n").find("num_hopz"), std::string::npos);
  EXPECT_NE(error_of(dir, "name: niah_single_1\n").find("needs data_dir"), std::string::npos);
  EXPECT_NE(error_of(dir, "name: niah_multikey_2\ntype_haystack: hay\ndata_dir: " + folder(dir) + "\n").find("type_haystack"),
            std::string::npos);
  // A data_dir without the lists: the missing file is named.
  EXPECT_NE(error_of(dir, "name: cwe\ndata_dir: " + folder(dir) + "\n").find("nounlist.txt"), std::string::npos);
  // A word list that is not UTF-8: its file and line are named.
  dir.write("nounlist.txt", "apple\r\nbanana\rcar\xD2\n");  // universal newlines: the bad byte is on line 3
  try {
    word_list(folder(dir), "nounlist.txt");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(dir.file("nounlist.txt") + ":3: not UTF-8"), std::string::npos) << e.what();
  }
  // niah_multivalue's essay haystack: PaulGrahamEssays.json is named when missing ...
  EXPECT_NE(error_of(dir, "name: niah_multivalue\ndata_dir: " + test::ruler_data_dir() + "\n").find("PaulGrahamEssays.json"),
            std::string::npos);
  // ... and refused when present (NLTK's Punkt splitting is not reproduced).
  dir.write("PaulGrahamEssays.json", "{\"text\": \"One. Two.\"}");
  EXPECT_NE(error_of(dir, "name: niah_single_2\ndata_dir: " + folder(dir) + "\n").find("Punkt"), std::string::npos);
  EXPECT_NE(error_of(dir, "name: fwe\ncontext_lengths: [40]\n").find("no room"), std::string::npos);
  EXPECT_NE(error_of(dir, "name: fwe\nalpha: 1\n").find("alpha"), std::string::npos);
  // A length too short for RULER's smallest prompt is refused by check(), before any model runs.
  auto task = parse(dir, "name: vt\ncontext_lengths: [512]\nnum_samples: 1\n");
  ModelView view;
  view.name = "mock";
  view.codec = test::openllama_codec();
  try {
    task->check(view);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("vt at max_seq_length 512"), std::string::npos) << e.what();
  }
}

TEST(RulerTask, RunReadsRulersSampleAndLogsItsFields) {
  ScratchDir dir;
  auto task = parse(dir, "name: niah_multikey_2\ncontext_lengths: [1024]\nnum_samples: 3\ndata_dir: " +
                             test::ruler_data_dir() + "\n");
  ModelSpec spec;
  spec.name = "mock";
  spec.backend = "mock";
  spec.mock.window = 0;
  const auto codec = test::openllama_codec();
  TextModel model{"mock", std::make_shared<MockModel>(spec, codec), codec};
  task->check({"mock", model.model->info(), codec});
  const auto items = task->plan(0);
  ASSERT_EQ(items.size(), 3u);
  const SampleOutcome out = Executor(model).run(*task, items[2], {true});

  const TokenCounter count = [&](const std::string& t) { return static_cast<int64_t>(codec->encode(t).size()); };
  Settings settings = find_entry("niah_multikey_2")->defaults;
  settings.data_dir = test::ruler_data_dir();
  const Sample expected = generate_samples(settings, count, 1024, 3)[2];
  TokenIds ids = {codec->bos_id()};
  const TokenIds text = codec->encode(expected.input + expected.answer_prefix);
  ids.insert(ids.end(), text.begin(), text.end());
  EXPECT_EQ(out.prompt_ids, ids);
  EXPECT_EQ(out.details.at("input"), expected.input);
  EXPECT_EQ(out.details.at("answer_prefix"), expected.answer_prefix);
  EXPECT_EQ(out.details.at("outputs"), nlohmann::json(expected.outputs));
  EXPECT_EQ(out.details.at("length"), expected.length);
  EXPECT_LE(expected.length, 1024);
  EXPECT_EQ(out.context_tokens, 1024);
  const double score = out.metrics.at("string_match_all");
  EXPECT_TRUE(score == 0.0 || score == 1.0);
}

}  // namespace
}  // namespace fot::ruler
