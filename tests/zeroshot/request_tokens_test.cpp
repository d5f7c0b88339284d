// Tokenization modes against Python (sentencepiece + the harness rules transcribed in
// tests/scripts/zeroshot_stories260k.py): v0.3 separate encodes, v0.4 _encode_pair, BOS, left truncation.
#include <gtest/gtest.h>

#include <map>

#include "common/input_error.h"
#include "models/tokenizer/tokenizer.h"
#include "tasks/zeroshot/request_tokens.h"
#include "tests/zeroshot/zeroshot_test_util.h"

namespace fot::zeroshot {
namespace {

std::shared_ptr<const TextCodec> codec_for(const std::string& relative) {
  static std::map<std::string, std::shared_ptr<const TextCodec>> codecs;
  auto& codec = codecs[relative];
  if (!codec) codec = make_sentencepiece_codec(Tokenizer::load(test::shared_data() + "/" + relative));
  return codec;
}

TEST(RequestTokens, MatchPythonForEveryModeBosAndWindow) {
  const auto cases = test::golden("zeroshot_python.json")["tokenization"];
  ASSERT_GE(cases.size(), 100u);
  int v04_differs = 0;
  for (const auto& c : cases) {
    const auto codec = codec_for(c["tokenizer"]);
    const auto mode = parse_tokenization_mode(c["mode"]);
    const auto got = tokenize_request(*codec, c["context"], c["continuation"], mode, c["bos"], c["window"]);
    EXPECT_EQ(got.context, c["context_ids"].get<TokenIds>()) << c.dump();
    EXPECT_EQ(got.continuation, c["continuation_ids"].get<TokenIds>()) << c.dump();
    if (mode == TokenizationMode::kV04) {
      const auto v03 = tokenize_request(*codec, c["context"], c["continuation"], TokenizationMode::kV03, c["bos"],
                                        c["window"]);
      v04_differs += v03.continuation != got.continuation;
    }
  }
  EXPECT_GT(v04_differs, 0) << "the cases never tell the two modes apart";
}

TEST(RequestTokens, OpenLlamaV2SeparateEncodeKeepsTheDummyPrefix) {
  // docs/lmeval-v03-parity.md section 4: " yes" alone -> ['▁▁', 'yes'] = [263, 9009] with the v2 tokenizer.
  const auto codec = codec_for("open_llama_tokenizer/tokenizer_ol_v2.model");
  const auto v03 = tokenize_request(*codec, "Answer:", " yes", TokenizationMode::kV03, false, 0);
  EXPECT_EQ(v03.continuation, (TokenIds{263, 9009}));
  const auto bos = tokenize_request(*codec, "Answer:", " yes", TokenizationMode::kV03, true, 0);
  EXPECT_EQ(bos.context.front(), codec->bos_id());
  EXPECT_EQ(bos.context.size(), v03.context.size() + 1);
}

TEST(RequestTokens, WindowKeepsBosAndTheNewestContext) {
  const auto codec = codec_for("stories260K/tok512.model");
  const std::string context = "Once upon a time there was a very long story about a dog and a cat.";
  const auto full = tokenize_request(*codec, context, " The end", TokenizationMode::kV03, false, 0);
  const int64_t window = 6;
  const auto cut = tokenize_request(*codec, context, " The end", TokenizationMode::kV03, false, window);
  ASSERT_EQ(static_cast<int64_t>(cut.context.size() + cut.continuation.size()), window + 1);
  EXPECT_TRUE(std::equal(cut.context.begin(), cut.context.end(), full.context.end() - cut.context.size()));
  const auto with_bos = tokenize_request(*codec, context, " The end", TokenizationMode::kV03, true, window);
  ASSERT_EQ(static_cast<int64_t>(with_bos.context.size() + with_bos.continuation.size()), window + 1);
  EXPECT_EQ(with_bos.context.front(), codec->bos_id());
  EXPECT_TRUE(std::equal(with_bos.context.begin() + 1, with_bos.context.end(),
                         full.context.end() - (with_bos.context.size() - 1)));
}

TEST(RequestTokens, EmptyContextBecomesEosAndTooLongContinuationFails) {
  const auto codec = codec_for("stories260K/tok512.model");
  for (auto mode : {TokenizationMode::kV03, TokenizationMode::kV04})
    EXPECT_EQ(tokenize_request(*codec, "", " hello", mode, false, 0).context, (TokenIds{codec->eos_id()}));
  EXPECT_THROW(tokenize_request(*codec, "ctx", " a much longer continuation than two tokens", TokenizationMode::kV03,
                                false, 2),
               InputError);
  EXPECT_THROW(parse_tokenization_mode("v0.5"), InputError);
  EXPECT_STREQ(to_string(parse_tokenization_mode("v0.4")), "v0.4");
}

}  // namespace
}  // namespace fot::zeroshot
