// The tokens protocol: exact prompt length from 256 to 262144 tokens, needle at the asked depth,
// with the mock tokenizer and the real OpenLLaMA / stories260K SentencePiece tokenizers.
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "harness/execution/executor.h"
#include "models/mock/mock_codec.h"
#include "models/model_factory.h"
#include "models/tokenizer/tokenizer.h"
#include "common/config_node.h"
#include "tasks/passkey/passkey_task.h"
#include "tasks/passkey/passkey_text.h"
#include "tasks/passkey/token_sized_prompt.h"
#include "test_util.h"

namespace fot {
namespace {

// Every property the protocol promises, for one prompt.
void check_prompt(const TextCodec& codec, int64_t length, double depth, int64_t key, const std::string& label) {
  SCOPED_TRACE(label + " length " + std::to_string(length) + " depth " + std::to_string(depth) + " key " +
               std::to_string(key));
  const passkey::SizedPrompt p = passkey::token_sized_prompt(codec, length, depth, key);
  ASSERT_EQ(static_cast<int64_t>(p.ids.size()), length);
  ASSERT_EQ(p.ids.front(), codec.bos_id());
  // The ids are the canonical tokenization of the text (re-encoding the longest prompts with the
  // real tokenizer would double the test time; the builder encodes the text itself).
  if (length <= 32768 || dynamic_cast<const MockCodec*>(&codec)) {
    TokenIds body = codec.encode(p.text);
    ASSERT_EQ(static_cast<int64_t>(body.size()) + 1, length);
    ASSERT_TRUE(std::equal(body.begin(), body.end(), p.ids.begin() + 1));
  }
  // The layout of docs/passkey-protocol.md and the needle where the record says it is.
  const std::string needle = passkey::needle(key);
  ASSERT_EQ(p.text.rfind(passkey::kTaskDescription, 0), 0u);
  ASSERT_NE(p.text.find("\n" + needle + "\n"), std::string::npos);
  ASSERT_EQ(p.text.size() - std::string(passkey::kQuestion).size(), p.text.rfind(std::string("\n") + passkey::kQuestion) + 1);
  const TokenIds from_needle(p.ids.begin() + p.needle_token_pos, p.ids.end());
  ASSERT_EQ(codec.decode(from_needle).rfind("The pass key is " + std::to_string(key) + ".", 0), 0u);
  ASSERT_GE(p.needle_depth, 0.0);
  ASSERT_LE(p.needle_depth, 1.0);
  // Within a sentence (about a dozen tokens) of the requested depth.
  const double filler_tokens = static_cast<double>(length - passkey::minimum_prompt_tokens(codec, key));
  ASSERT_LE(std::abs(p.needle_depth - depth) * filler_tokens, 40.0) << "needle depth " << p.needle_depth;
}

TEST(PasskeyTokens, MockTokenizerExactFrom256To262144) {
  const auto codec = make_mock_codec();
  for (int64_t length : {256, 257, 300, 511, 512, 1000, 1024, 4096, 10007, 65536, 262144})
    for (double depth : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0})
      for (int64_t key : {1, 4431, 49999}) check_prompt(*codec, length, depth, key, "mock");
}

TEST(PasskeyTokens, MockTokenizerEveryLengthInARange) {
  const auto codec = make_mock_codec();
  for (int64_t length = 120; length <= 700; ++length)
    for (double depth : {0.0, 0.5, 1.0}) {
      const auto p = passkey::token_sized_prompt(*codec, length, depth, 26645);
      ASSERT_EQ(static_cast<int64_t>(p.ids.size()), length);
    }
}

TEST(PasskeyTokens, DepthMovesTheNeedleMonotonically) {
  const auto codec = make_mock_codec();
  int64_t previous = -1;
  for (double depth = 0.0; depth <= 1.0001; depth += 0.1) {
    const auto p = passkey::token_sized_prompt(*codec, 8192, std::min(depth, 1.0), 777);
    EXPECT_GT(p.needle_token_pos, previous);
    previous = p.needle_token_pos;
  }
}

TEST(PasskeyTokens, TooShortIsBadInput) {
  const auto codec = make_mock_codec();
  const int64_t minimum = passkey::minimum_prompt_tokens(*codec, 4431);
  EXPECT_NO_THROW(passkey::token_sized_prompt(*codec, minimum, 0.5, 4431));
  EXPECT_THROW(passkey::token_sized_prompt(*codec, minimum - 1, 0.5, 4431), InputError);
}

TEST(PasskeyTokens, OpenLlamaTokenizerExactFrom256To262144) {
  const std::string path = test::shared_data() + "/open_llama_tokenizer/tokenizer.model";
  ASSERT_TRUE(test::fs::exists(path)) << path;
  const auto codec = make_sentencepiece_codec(Tokenizer::load(path));
  ASSERT_EQ(passkey::answer_room(*codec), 6);  // "▁" + five digits
  for (int64_t length : {256, 1000, 4096, 32768, 262144})
    for (double depth : {0.0, 0.5, 1.0}) check_prompt(*codec, length, depth, 31415, "open_llama v1");
  for (int64_t length = 256; length <= 320; ++length) check_prompt(*codec, length, 0.3, 4431, "open_llama v1");
}

TEST(PasskeyTokens, OpenLlamaV2AndStoriesTokenizersExact) {
  for (const char* name : {"/open_llama_tokenizer/tokenizer_ol_v2.model", "/stories260K/tok512.model"}) {
    const std::string path = test::shared_data() + name;
    ASSERT_TRUE(test::fs::exists(path)) << path;
    const auto codec = make_sentencepiece_codec(Tokenizer::load(path));
    for (int64_t length : {256, 384, 512, 2048, 16384})
      for (double depth : {0.0, 0.5, 1.0})
        for (int64_t key : {26645, 49999}) check_prompt(*codec, length, depth, key, name);
  }
}

// Through the task: the sample's prompt is the context length minus the answer room.
TEST(PasskeyTokens, TaskLeavesRoomForTheAnswer) {
  test::TempDir dir;
  test::write_text(dir / "task.yaml",
                   "name: passkey\nvariant: tokens\ncontext_lengths: [256, 4096]\ndepths: [0, 1]\ntrials: 2\n");
  auto task = passkey::parse_passkey_task(ConfigNode::load_file(dir / "task.yaml"), 5);
  ModelSpec spec;
  spec.name = "m";
  spec.backend = "mock";
  spec.mock.window = 0;
  TextModel model = load_text_model(spec);
  task->check(ModelView{model.name, model.model->info(), model.codec});
  const auto items = task->plan(0);
  ASSERT_EQ(items.size(), 8u);
  for (const auto& item : items) {
    const SampleOutcome out = Executor(model).run(*task, item, {});
    const int64_t context = item.int_axis("context_tokens");
    EXPECT_EQ(out.context_tokens, context);
    EXPECT_EQ(out.details["prompt_tokens"].get<int64_t>() + out.details["answer_room"].get<int64_t>(), context);
    EXPECT_EQ(out.details["answer_room"].get<int64_t>(), 6);
    EXPECT_TRUE(out.details["correct"].get<bool>());  // the mock sees everything (window 0)
    EXPECT_EQ(out.metrics.at("acc"), 1.0);
  }
}

}  // namespace
}  // namespace fot
