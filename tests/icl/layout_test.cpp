// Few-shot prompt layout with both OpenLLaMA tokenizers against Debian's python3-sentencepiece
// (tests/scripts/icl_layout_reference.py): [BOS] + demonstrations (each followed by the newline
// token) + test prompt, every piece encoded on its own; candidates = the verbalizer encoded on its
// own (no leading space); the budget rule with the first rejected demonstration not fitting; the
// 2K set a prefix of the 8K set; OpenLLaMA's keep-the-last-that-fit-2048 policy.
#include <gtest/gtest.h>

#include "icl_test_files.h"
#include "tasks/icl/draw_order.h"
#include "tasks/icl/few_shot_layout.h"
#include "tasks/icl/trec_few_shot.h"
#include "tasks/icl/webqs_few_shot.h"

namespace fot::icl {
namespace {

using Rows = std::vector<size_t>;

struct Case {
  std::string tokenizer;  // v1 | v2
  std::string task;       // trec_fine | trec_coarse | webqs
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.tokenizer << " " << c.task; }

std::string model_file(const std::string& tokenizer) {
  return tokenizer == "v1" ? "open_llama_tokenizer/tokenizer.model" : "open_llama_tokenizer/tokenizer_ol_v2.model";
}

EncodedFewShot encode_task(const TextCodec& codec, const std::string& task) {
  const std::string data = test::shared_data_dir();
  if (task == "webqs") return encode_webqs(codec, load_webqs(data));
  return encode_trec(codec, load_trec(data), task == "trec_fine" ? TrecVariant::kFine : TrecVariant::kCoarse);
}

class Layout : public ::testing::TestWithParam<Case> {};

TEST_P(Layout, EqualsSentencePieceReference) {
  const auto& [tokenizer, task] = GetParam();
  const auto golden = test::read_golden("layout_" + tokenizer + "_" + task + ".json");
  const auto codec = test::sentencepiece_codec(model_file(tokenizer));
  const EncodedFewShot encoded = encode_task(*codec, task);

  EXPECT_EQ(encoded.bos, golden["bos"].get<int32_t>());
  EXPECT_EQ(encoded.newline, golden["newline"].get<int32_t>());
  EXPECT_EQ(encoded.newline, 13);
  EXPECT_EQ(encoded.reserve, golden["reserve"].get<int64_t>());
  EXPECT_EQ(encoded.answer_room, golden["answer_room"].get<int64_t>());
  ASSERT_EQ(encoded.demonstrations.size(), golden["n_train"].get<size_t>());
  ASSERT_EQ(encoded.test_prompts.size(), golden["n_test"].get<size_t>());
  EXPECT_EQ(encoded.candidates, golden["candidates"].get<std::vector<TokenIds>>());
  for (const auto& item : golden["items"]) {
    const auto index = item["index"].get<size_t>();
    EXPECT_EQ(encoded.test_prompts.at(index), item["prompt_ids"].get<TokenIds>()) << "test item " << index;
  }

  const auto lengths = encoded.demonstration_lengths();
  for (const auto& draw : golden["draws"]) {
    const auto seed = draw["seed"].get<uint32_t>();
    const Rows order = draw_permutation(encoded.demonstrations.size(), seed);
    const auto order_head = draw["order_head"].get<Rows>();
    EXPECT_EQ(Rows(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(order_head.size())), order_head);
    Rows smallest;
    for (const auto& at : draw["budgets"]) {
      const auto budget = at["budget"].get<int64_t>();
      SCOPED_TRACE("seed " + std::to_string(seed) + " budget " + std::to_string(budget));
      const DrawContext context = draw_context(encoded, order, budget);
      ASSERT_EQ(context.demonstration_rows, at["rows"].get<Rows>());
      ASSERT_EQ(context.context, at["context_ids"].get<TokenIds>());
      // The first rejected demonstration does not fit; the accepted ones and every test item do.
      const int64_t accepted = static_cast<int64_t>(context.context.size()) - 1;
      EXPECT_EQ(accepted, at["accepted_tokens"].get<int64_t>());
      const size_t rejected = order.at(context.demonstration_rows.size());
      EXPECT_EQ(rejected, at["rejected_row"].get<size_t>());
      EXPECT_EQ(lengths[rejected], at["rejected_length"].get<int64_t>());
      EXPECT_GE(1 + accepted + lengths[rejected] + 1 + encoded.reserve, budget);
      for (const auto& prompt : encoded.test_prompts)
        ASSERT_LE(static_cast<int64_t>(context.context.size() + prompt.size()) + encoded.answer_room, budget);
      if (smallest.empty()) smallest = context.demonstration_rows;
      ASSERT_TRUE(std::equal(smallest.begin(), smallest.end(), context.demonstration_rows.begin()))
          << "the 2K demonstrations are a prefix of this budget's";
    }
    const auto& window = draw["window_2048"];
    const DrawContext kept = draw_context(encoded, order, window["budget"].get<int64_t>(), 2048);
    EXPECT_EQ(kept.demonstration_rows, window["rows"].get<Rows>());
    EXPECT_LT(static_cast<int64_t>(kept.context.size()) + 1 + encoded.reserve, 2048);
  }
}

// A whole prompt is the context, then the test prompt, then a candidate; each piece as encoded above.
TEST(Layout, WholePromptIsBosDemonstrationsNewlinesAndTestPrompt) {
  const auto codec = test::sentencepiece_codec("open_llama_tokenizer/tokenizer.model");
  const auto splits = load_trec(test::shared_data_dir());
  const EncodedFewShot encoded = encode_trec(*codec, splits, TrecVariant::kFine);
  const DrawContext context = draw_context(encoded, draw_permutation(splits.train.size(), 1), 2048);
  TokenIds expected{1};
  for (size_t row : context.demonstration_rows) {
    const auto& q = splits.train[row];
    const auto& label = trec_labels(TrecVariant::kFine)[trec_label_index(TrecVariant::kFine, q.coarse, q.fine)];
    const TokenIds demo = codec->encode("Question: " + q.text + " Type: " + label.verbalizer);
    expected.insert(expected.end(), demo.begin(), demo.end());
    expected.push_back(13);
  }
  EXPECT_EQ(context.context, expected);
  EXPECT_EQ(encoded.test_prompts[0], codec->encode("Question: " + splits.test[0].text + " Type:"));
  // Candidates carry the space as SentencePiece's dummy prefix: encode(verbalizer), never encode(" " + verbalizer).
  EXPECT_EQ(encoded.candidates[0], codec->encode("abbreviation abbreviation"));
  EXPECT_EQ(codec->decode(encoded.candidates[0]), "abbreviation abbreviation");
}

INSTANTIATE_TEST_SUITE_P(BothTokenizers, Layout,
                         ::testing::Values(Case{"v1", "trec_fine"}, Case{"v1", "trec_coarse"}, Case{"v1", "webqs"},
                                           Case{"v2", "trec_fine"}, Case{"v2", "trec_coarse"}, Case{"v2", "webqs"}),
                         [](const auto& info) { return info.param.tokenizer + "_" + info.param.task; });

}  // namespace
}  // namespace fot::icl
