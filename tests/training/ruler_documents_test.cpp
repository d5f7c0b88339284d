// RULER training documents (training/ruler_documents.h): each is exactly the prompt the harness's
// RULER task gives a model for the same draw (run here through the task entry and the mock backend,
// not through the training code), the answer is the sample's reference, the queried needle is where
// the document says, and the tail-placement and multi-key mix behave. Needs ../shared/data/ruler.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "../icl/icl_test_files.h"
#include "../ruler/ruler_test_files.h"
#include "common/input_error.h"
#include "harness/execution/executor.h"
#include "models/mock/mock_model.h"
#include "tasks/registry.h"
#include "test_paths.h"
#include "training/ruler_documents.h"
#include "training/trainer.h"

namespace fot::train {
namespace {

using fot::test::ScratchDir;

// The harness's prompt ids for the niah_single_1 task at the document's settings, sample 0.
SampleOutcome harness_sample(const RulerDocument& doc, const std::shared_ptr<const TextCodec>& codec) {
  ScratchDir dir;
  const std::string yaml = fmt::format(
      "name: niah_single_1\nnum_needle_k: {}\nrandom_seed: {}\ntokens_to_generate: 9\ncontext_lengths: [{}]\n"
      "num_samples: 1\ndata_dir: {}\n",
      doc.num_needle_k, doc.random_seed, doc.max_seq_length, ruler::test::ruler_data_dir());
  const ConfigNode entry = ConfigNode::load_file(dir.write("task.yaml", yaml));
  auto task = find_task("niah_single_1")->parse(entry, 0);
  ModelSpec spec;
  spec.name = spec.backend = "mock";
  spec.mock.window = 0;
  TextModel model{"mock", std::make_shared<MockModel>(spec, codec), codec};
  task->check({"mock", model.model->info(), codec});
  return Executor(model).run(*task, task->plan(0).at(0), {true});
}

TEST(RulerDocuments, PromptIsTheHarnessPromptForTheSameDraw) {
  const auto tokenizer = Tokenizer::load(zoo_tokenizer());
  const auto codec = make_sentencepiece_codec(tokenizer);
  RulerDocumentMaker maker(tokenizer, ruler::test::ruler_data_dir(), 4);
  std::mt19937_64 rng(11);
  for (int64_t length : {maker.minimum_length(), int64_t{400}, int64_t{700}}) {
    const RulerDocument doc = maker.make(length, rng);
    const SampleOutcome out = harness_sample(doc, codec);
    EXPECT_EQ(std::vector<int32_t>(out.prompt_ids.begin(), out.prompt_ids.end()), doc.prompt) << length;
    ASSERT_EQ(out.details.at("outputs").size(), 1u);
    const std::string value = out.details.at("outputs")[0];
    EXPECT_EQ(value.size(), 7u);
    EXPECT_EQ(doc.answer, tokenizer->encode(value));
    // The queried needle "... for KEY is: VALUE." sits where the document says.
    ASSERT_GE(doc.needle_token, 0);
    EXPECT_EQ(std::vector<int32_t>(doc.prompt.begin() + doc.needle_token,
                                   doc.prompt.begin() + doc.needle_token + static_cast<int64_t>(doc.answer.size())),
              doc.answer);
    EXPECT_LE(static_cast<int64_t>(doc.prompt.size()) - 1 + 9, doc.max_seq_length);  // RULER's fit, BOS aside
  }
}

TEST(RulerDocuments, KeyCountsAndLengths) {
  const auto tokenizer = Tokenizer::load(zoo_tokenizer());
  RulerDocumentMaker maker(tokenizer, ruler::test::ruler_data_dir(), 3);
  std::mt19937_64 rng(5);
  std::set<int64_t> keys;
  for (int i = 0; i < 12; ++i) {
    const RulerDocument doc = maker.make(maker.minimum_length() + 100, rng);
    EXPECT_EQ(doc.max_seq_length, maker.minimum_length() + 100);
    EXPECT_LE(static_cast<int64_t>(doc.prompt.size()) - 1 + 9, doc.max_seq_length);
    EXPECT_GE(doc.needle_token, 0);
    keys.insert(doc.num_needle_k);
  }
  EXPECT_EQ(keys, (std::set<int64_t>{1, 2, 3}));
  // Shorter than the smallest prompt: the smallest prompt.
  EXPECT_EQ(maker.make(10, rng).max_seq_length, maker.minimum_length());
}

// Phase layouts with every document drawn from RULER: plain rows are single windows that end with
// the answer targets and hold the queried value before them; fot documents span several windows.
// The OpenLLaMA tokenizer (shared data): with the shipped 192-piece one the question alone takes 102
// of a window's 128 tokens, so hardly any draw has its needle in the last window.
TEST(RulerDocuments, PhaseLayoutsUseThem) {
  const auto tokenizer = Tokenizer::load(ruler::test::shared_file("open_llama_tokenizer/tokenizer.model"));
  DocumentMaker passkey(tokenizer);
  RulerDocumentMaker ruler(tokenizer, ruler::test::ruler_data_dir(), 2);
  PhaseOptions o;
  o.rows = 6;
  o.ruler_fraction = 1.0;
  o.ruler = &ruler;
  std::mt19937_64 rng(3);
  const Layout plain = sample_layout(o, passkey, 128, 128, rng);
  int64_t ruler_rows = 0;
  for (const Row& row : plain.rows) {
    EXPECT_LE(row.inputs.size(), 128u);
    if (!row.ruler) continue;
    ++ruler_rows;
    const int32_t n = row.answer_length;
    ASSERT_GE(n, 2);
    EXPECT_EQ(row.answer_begin + n, static_cast<int32_t>(row.targets.size()));
    const std::vector<int32_t> value(row.targets.end() - n, row.targets.end());
    EXPECT_NE(std::search(row.inputs.begin(), row.inputs.end() - n, value.begin(), value.end()), row.inputs.end() - n);
  }
  EXPECT_GT(ruler_rows, 0);
  o.phase = "fot";
  const Layout fot = sample_layout(o, passkey, 128, 112, rng);
  std::set<int32_t> docs;
  for (int64_t r = 0; r < fot.query_rows; ++r) {
    EXPECT_TRUE(fot.rows[r].ruler);
    EXPECT_LE(fot.rows[r].inputs.size(), 128u);
    if (fot.rows[r].window > 0) docs.insert(fot.rows[r].doc);
  }
  EXPECT_FALSE(docs.empty());  // documents of more than one window
}

TEST(RulerDocuments, MissingWordListsAreNamed) {
  const auto tokenizer = Tokenizer::load(zoo_tokenizer());
  ScratchDir dir;
  const std::string empty = std::filesystem::path(dir.file("x")).parent_path().string();
  try {
    RulerDocumentMaker maker(tokenizer, empty, 4);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("list.txt"), std::string::npos) << e.what();
  }
  EXPECT_THROW(RulerDocumentMaker(tokenizer, "", 4), InputError);
}

}  // namespace
}  // namespace fot::train
