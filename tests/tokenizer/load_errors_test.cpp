// Bad tokenizer files and bad ids: clear errors naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "common/input_error.h"
#include "models/tokenizer/tokenizer.h"
#include "tokenizer_files.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

class LoadErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(FOT_BINARY_DIR) / "tests" / "tokenizer_load_errors";
    fs::create_directories(dir_);
  }
  std::string write_file(const std::string& name, const std::string& bytes) {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // Loading path throws InputError whose message holds the path and the given words.
  void expect_input_error(const std::string& path, const std::string& words) {
    try {
      Tokenizer::load(path);
      FAIL() << "loaded " << path;
    } catch (const InputError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(path), std::string::npos) << message;
      EXPECT_NE(message.find(words), std::string::npos) << message;
    }
  }
  fs::path dir_;
};

TEST_F(LoadErrors, MissingFileOrDirectory) {
  expect_input_error((dir_ / "no_such.model").string(), "not found");
  expect_input_error(dir_.string(), "not a regular file");
}

TEST_F(LoadErrors, FilesThatAreNotModels) {
  std::string random_bytes;
  uint32_t state = 12345;
  for (int i = 0; i < 4096; ++i) {
    state = state * 1664525u + 1013904223u;
    random_bytes.push_back(char(state >> 24));
  }
  std::ifstream in(test::open_llama_v1(), std::ios::binary);
  const std::string model((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  expect_input_error(write_file("empty.model", ""), "sentencepiece");
  expect_input_error(write_file("text.model", "this is not a model\n"), "not a sentencepiece model");
  expect_input_error(write_file("random.model", random_bytes), "not a sentencepiece model");
  expect_input_error(write_file("truncated.model", model.substr(0, model.size() / 2)), "not a sentencepiece model");
}

TEST(TokenizerIds, OutOfRangeIdsThrowNamingTheFile) {
  const auto tokenizer = Tokenizer::load(test::tok512());
  for (const int32_t id : {-1, 512, 1 << 30}) {
    try {
      tokenizer->id_to_piece(id);
      FAIL() << "id_to_piece(" << id << ")";
    } catch (const std::out_of_range& error) {
      EXPECT_NE(std::string(error.what()).find(tokenizer->path()), std::string::npos) << error.what();
    }
    try {
      tokenizer->decode({5, id});
      FAIL() << "decode of id " << id;
    } catch (const std::out_of_range& error) {
      EXPECT_NE(std::string(error.what()).find(std::to_string(id)), std::string::npos) << error.what();
    }
  }
}

TEST(TokenizerIds, TwoModelsAtOnceAbsentPiecesAndInvalidUtf8) {
  const auto v1 = Tokenizer::load(test::open_llama_v1());
  const auto small = Tokenizer::load(test::tok512());
  EXPECT_EQ(v1->vocab_size(), 32000);
  EXPECT_EQ(small->vocab_size(), 512);
  EXPECT_NE(v1->encode("Hello world"), small->encode("Hello world"));

  const auto tokenizer = Tokenizer::load(test::open_llama_v2());
  EXPECT_EQ(tokenizer->piece_to_id("certainly not a piece"), tokenizer->unk_id());

  // The Python golden files cannot hold invalid UTF-8; it must still encode and decode without crashing.
  const std::string bad = "ok \xff\xfe \xc3 end \xe6\x9d";
  const auto ids = tokenizer->encode(bad);
  EXPECT_FALSE(ids.empty());
  EXPECT_EQ(tokenizer->encode_pieces(bad).size(), ids.size());
  EXPECT_FALSE(tokenizer->decode(ids).empty());
}

}  // namespace
}  // namespace fot
