// Agreement with Debian's python3-sentencepiece on a few hundred varied strings, for each real tokenizer.
// The golden files come from tests/scripts/tokenizer_reference.py (CTest fixture tokenizer_golden).
// One test per tokenizer: each test process pays about a second of LibTorch start-up.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "models/tokenizer/tokenizer.h"
#include "tokenizer_files.h"

namespace fot {
namespace {

using Ids = std::vector<int32_t>;

nlohmann::json read_golden(const std::string& name) {
  const std::string path = std::string(FOT_GOLDEN_DIR) + "/tokenizer/" + name + ".json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing golden file " + path + " (run the CTest fixture tokenizer_reference)");
  return nlohmann::json::parse(in);
}

std::string model_path(const std::string& name) {
  if (name == "v1") return test::open_llama_v1();
  if (name == "v2") return test::open_llama_v2();
  return test::tok512();
}

void expect_same_vocabulary(const Tokenizer& tokenizer, const nlohmann::json& golden) {
  EXPECT_EQ(tokenizer.vocab_size(), golden["vocab_size"].get<int32_t>());
  EXPECT_EQ(tokenizer.bos_id(), golden["bos_id"].get<int32_t>());
  EXPECT_EQ(tokenizer.eos_id(), golden["eos_id"].get<int32_t>());
  EXPECT_EQ(tokenizer.unk_id(), golden["unk_id"].get<int32_t>());
  EXPECT_EQ(tokenizer.pad_id(), golden["pad_id"].get<int32_t>());
  const auto& pieces = golden["pieces"];
  const auto& piece_ids = golden["piece_ids"];
  ASSERT_EQ(pieces.size(), size_t(tokenizer.vocab_size()));
  for (int32_t id = 0; id < tokenizer.vocab_size(); ++id) {
    const auto piece = pieces[id].get<std::string>();
    ASSERT_EQ(tokenizer.id_to_piece(id), piece) << "id " << id;
    ASSERT_EQ(tokenizer.piece_to_id(piece), piece_ids[id].get<int32_t>()) << "piece " << piece;
  }
  for (const auto& [piece, id] : golden["piece_to_id"].items()) {
    EXPECT_EQ(tokenizer.piece_to_id(piece), id.get<int32_t>()) << "piece '" << piece << "'";
  }
}

// Encoding is const and may run on several threads at once with one tokenizer.
void expect_concurrent_encode_agrees(const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                                     const std::vector<Ids>& expected) {
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < texts.size(); ++i) {
        const size_t k = (i + t * 97) % texts.size();
        if (tokenizer.encode(texts[k]) != expected[k]) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (size_t t = 0; t < mismatches.size(); ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

class PythonAgreement : public ::testing::TestWithParam<std::string> {};

TEST_P(PythonAgreement, VocabularyEncodeDecode) {
  const auto golden = read_golden(GetParam());
  const auto tokenizer = Tokenizer::load(model_path(GetParam()));
  expect_same_vocabulary(*tokenizer, golden);

  std::vector<std::string> texts;
  std::vector<Ids> expected;
  for (const auto& item : golden["cases"]) {
    const auto text = item["text"].get<std::string>();
    const auto ids = item["ids"].get<Ids>();
    EXPECT_EQ(tokenizer->encode(text), ids) << "text: " << text;
    EXPECT_EQ(tokenizer->encode_pieces(text), item["pieces"].get<std::vector<std::string>>()) << "text: " << text;
    EXPECT_EQ(tokenizer->decode(ids), item["decoded"].get<std::string>()) << "text: " << text;
    texts.push_back(text);
    expected.push_back(ids);
  }
  EXPECT_GE(texts.size(), 300u);

  for (const auto& item : golden["decodes"]) {
    EXPECT_EQ(tokenizer->decode(item["ids"].get<Ids>()), item["decoded"].get<std::string>())
        << "ids: " << item["ids"].dump();
  }
  EXPECT_GE(golden["decodes"].size(), 50u);

  expect_concurrent_encode_agrees(*tokenizer, texts, expected);
}

INSTANTIATE_TEST_SUITE_P(RealTokenizers, PythonAgreement, ::testing::Values("v1", "v2", "tok512"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fot
