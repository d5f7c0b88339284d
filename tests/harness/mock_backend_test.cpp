// The mock backend, the model factory and the memory configuration.
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "models/memory_config.h"
#include "models/mock/mock_codec.h"
#include "models/mock/mock_model.h"
#include "models/model_config.h"
#include "models/model_factory.h"
#include "tasks/passkey/passkey_text.h"

namespace fot {
namespace {

TEST(MockCodec, RoundTripsAndSplitsDigits) {
  MockCodec codec;
  for (const std::string text : {"The pass key is 71432. Remember it.", "naïve café 東京", "a  b\n\nc", "x", "",
                                 "There and back again.\nWhat is the pass key? The pass key is"})
    EXPECT_EQ(codec.decode(codec.encode(text)), text);
  const TokenIds key = codec.encode("71432");
  ASSERT_EQ(key.size(), 6u);
  EXPECT_EQ(codec.piece(key[0]), "\xe2\x96\x81");
  EXPECT_EQ(codec.piece(key[1]), "7");
  EXPECT_EQ(codec.encode("The grass").size(), 2u);
}

TEST(MockCodec, CountsAddUpOverSpaceSeparatedWords) {
  MockCodec codec;
  const std::string a = "The grass is green.", b = "What\nis 12 the?";
  TokenIds joined = codec.encode(a + " " + b), left = codec.encode(a), right = codec.encode(b);
  left.insert(left.end(), right.begin(), right.end());
  EXPECT_EQ(joined, left);
}

ModelSpec mock_spec(int64_t window) {
  ModelSpec spec;
  spec.name = "mock";
  spec.backend = "mock";
  spec.mock.window = window;
  return spec;
}

TokenIds prompt_ids(const TextCodec& codec, const std::string& text) {
  TokenIds ids = {codec.bos_id()};
  TokenIds body = codec.encode(text);
  ids.insert(ids.end(), body.begin(), body.end());
  return ids;
}

TEST(MockModel, RetrievesOnlyWithinItsWindow) {
  TextModel model = load_text_model(mock_spec(200));
  const TokenIds answer = model.codec->encode("31337");
  const auto near = passkey::landmark_prompt(2000, 1900, 31337);  // needle close to the end
  const auto far = passkey::landmark_prompt(2000, 100, 31337);
  EXPECT_EQ(model.model->generate_greedy(prompt_ids(*model.codec, near.text), 6), answer);
  const TokenIds wrong = model.model->generate_greedy(prompt_ids(*model.codec, far.text), 6);
  EXPECT_NE(wrong, answer);
  EXPECT_EQ(wrong, model.model->generate_greedy(prompt_ids(*model.codec, far.text), 6));  // deterministic
}

TEST(MockModel, ForkedPrefixScoresLikeAFreshOne) {
  TextModel model = load_text_model(mock_spec(0));
  const auto prompt = passkey::landmark_prompt(500, 200, 4242);
  const TokenIds ids = prompt_ids(*model.codec, prompt.text);
  auto state = model.model->encode_prefix(ids);
  auto copy = state->fork();
  EXPECT_EQ(copy->num_tokens(), static_cast<int64_t>(ids.size()));
  const TokenIds answer = model.codec->encode("4242"), other = model.codec->encode("4243");
  const auto good = model.model->loglikelihood(*copy, answer);
  const auto bad = model.model->loglikelihood(*state, other);
  EXPECT_TRUE(good.is_greedy);
  EXPECT_FALSE(bad.is_greedy);
  EXPECT_GT(good.logprob, bad.logprob);
  EXPECT_EQ(model.model->loglikelihood(ids, answer).logprob, good.logprob);
  EXPECT_EQ(model.model->generate_greedy(*copy, 5), answer);
  // A stop predicate ends generation early.
  EXPECT_EQ(model.model->generate_greedy(*state, 5, [](const TokenIds& g) { return g.size() == 2; }).size(), 2u);
}

TEST(MockModel, ContextLimitWithOverflowError) {
  ModelSpec spec = mock_spec(0);
  spec.mock.context_limit = 10;
  TextModel model = load_text_model(spec);
  EXPECT_EQ(model.model->info().context_limit, 10);
  EXPECT_THROW(model.model->encode_prefix(TokenIds(11, 5)), std::runtime_error);
  spec.overflow = "keep_last";
  TextModel lenient = load_text_model(spec);
  EXPECT_NO_THROW(lenient.model->encode_prefix(TokenIds(11, 5)));
}

TEST(ModelFactory, KnowsTheBackends) {
  std::vector<std::string> names;
  for (const auto& b : known_backends()) names.push_back(b.name);
  EXPECT_EQ(names, (std::vector<std::string>{"mock", "llama", "longllama"}));
  ModelSpec spec = mock_spec(0);
  spec.backend = "nonsense";
  EXPECT_THROW(make_model(spec), InputError);
  spec.backend = "llama";
  spec.checkpoint = "/nonexistent/model.bin";
  EXPECT_THROW(make_model(spec), InputError);
  EXPECT_EQ(make_model(mock_spec(0))->info().backend, "mock");
}

TEST(MemoryConfig, CanonicalStrings) {
  MemoryConfig config;
  EXPECT_TRUE(config.is_default());
  EXPECT_EQ(config.canonical(), "layers=ckpt;L=ckpt;lcl=ckpt;dtype=ckpt;lookup=dense;cap=none");
  config.layers = MemoryConfig::Layers::kList;
  config.layer_list = {6, 12, 18};
  config.window = 2048;
  config.last_context_length = 1024;
  config.dtype = "bfloat16";
  config.lookup = MemoryConfig::Lookup::kTopK;
  config.topk = 128;
  config.cap = 65536;
  EXPECT_NO_THROW(config.validate("here"));
  EXPECT_EQ(config.canonical(), "layers=6/12/18;L=2048;lcl=1024;dtype=bfloat16;lookup=topk:128;cap=65536");
  EXPECT_EQ(config.canonical().find(','), std::string::npos);
  config.layers = MemoryConfig::Layers::kNone;
  EXPECT_EQ(config.canonical(), "none");
}

TEST(MemoryConfig, RejectsBadFieldsNamingThem) {
  auto message = [](const MemoryConfig& c) {
    try {
      c.validate("cfg.yaml:3:5");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  MemoryConfig c;
  c.window = 512;
  c.last_context_length = 1024;
  EXPECT_NE(message(c).find("memory.last_context_length (1024) must not exceed memory.window (512)"), std::string::npos);
  c = {};
  c.lookup = MemoryConfig::Lookup::kTopK;
  EXPECT_NE(message(c).find("memory.topk"), std::string::npos);
  c = {};
  c.layers = MemoryConfig::Layers::kList;
  c.layer_list = {3, 3};
  EXPECT_NE(message(c).find("twice"), std::string::npos);
  c = {};
  c.dtype = "fp8";
  EXPECT_NE(message(c).find("memory.dtype"), std::string::npos);
  std::vector<int32_t> layers;
  EXPECT_EQ(MemoryConfig::parse_layers("6,12,18", layers, "x"), MemoryConfig::Layers::kList);
  EXPECT_EQ(layers, (std::vector<int32_t>{6, 12, 18}));
  EXPECT_THROW(MemoryConfig::parse_layers("6,x", layers, "x"), InputError);
}

TEST(MemoryConfig, ResolvesAgainstACheckpoint) {
  ModelConfig checkpoint;
  checkpoint.num_hidden_layers = 26;
  checkpoint.max_position_embeddings = 2048;
  checkpoint.mem_layers = std::vector<int32_t>{6, 12, 18};
  checkpoint.last_context_length = 1024;
  checkpoint.mem_dtype = "bfloat16";
  const MemoryConfig resolved = MemoryConfig{}.resolved(checkpoint, "m");
  EXPECT_EQ(resolved.canonical(), "layers=6/12/18;L=2048;lcl=1024;dtype=bfloat16;lookup=dense;cap=none");
  MemoryConfig out_of_range;
  out_of_range.layers = MemoryConfig::Layers::kList;
  out_of_range.layer_list = {26};
  EXPECT_THROW(out_of_range.resolved(checkpoint, "m"), InputError);
}

}  // namespace
}  // namespace fot
