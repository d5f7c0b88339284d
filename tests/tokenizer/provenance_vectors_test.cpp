// The encode test vectors, special ids and piece facts written in the PROVENANCE.md files of
// ../shared/data/open_llama_tokenizer and ../shared/data/stories260K.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "models/tokenizer/tokenizer.h"
#include "tokenizer_files.h"

namespace fot {
namespace {

using Ids = std::vector<int32_t>;
using Pieces = std::vector<std::string>;

const std::string kPassKey = "Hello world! The pass key is 71432. Remember it.";
const std::string kQuestion = "Question: What is the capital of France?\nType: LOC";
const std::string kSpaces = "  two  spaces\tand\ttabs";
const std::string kUnicode = "naïve café 東京";

void expect_encodes(const Tokenizer& tokenizer, const std::string& text, const Ids& ids) {
  EXPECT_EQ(tokenizer.encode(text), ids) << tokenizer.path() << " text: " << text;
}

// Decoding the ids gives the text back (after the model's whitespace normalisation, when it has one).
void expect_round_trip(const Tokenizer& tokenizer, const std::string& text, const std::string& decoded) {
  EXPECT_EQ(tokenizer.decode(tokenizer.encode(text)), decoded) << tokenizer.path() << " text: " << text;
}

void expect_specials(const Tokenizer& tokenizer, int32_t vocab_size) {
  EXPECT_EQ(tokenizer.vocab_size(), vocab_size);
  EXPECT_EQ(tokenizer.unk_id(), 0);
  EXPECT_EQ(tokenizer.bos_id(), 1);
  EXPECT_EQ(tokenizer.eos_id(), 2);
  EXPECT_EQ(tokenizer.pad_id(), -1);
  EXPECT_EQ(tokenizer.id_to_piece(0), "<unk>");
  EXPECT_EQ(tokenizer.id_to_piece(1), "<s>");
  EXPECT_EQ(tokenizer.id_to_piece(2), "</s>");
  // Byte fallback: ids 3..258 are <0x00>..<0xFF>.
  for (int byte = 0; byte < 256; ++byte) {
    char piece[8];
    std::snprintf(piece, sizeof piece, "<0x%02X>", byte);
    EXPECT_EQ(tokenizer.id_to_piece(3 + byte), piece);
    EXPECT_EQ(tokenizer.piece_to_id(piece), 3 + byte);
  }
}

void expect_first_merges(const Tokenizer& tokenizer, const Pieces& merges) {
  for (size_t i = 0; i < merges.size(); ++i) EXPECT_EQ(tokenizer.id_to_piece(259 + int32_t(i)), merges[i]);
}

TEST(ProvenanceVectors, OpenLlamaV1) {
  const auto tokenizer = Tokenizer::load(test::open_llama_v1());
  expect_specials(*tokenizer, 32000);
  expect_first_merges(*tokenizer, {"▁t", "▁a", "in", "he", "re", "on", "er", "▁the"});
  expect_encodes(
      *tokenizer, kPassKey,
      {16644, 924, 31905, 347, 1286, 2054, 322, 31822, 31888, 31853, 31882, 31878, 31855, 31843, 10234, 357, 31843});
  EXPECT_EQ(tokenizer->encode_pieces(kPassKey), (Pieces{"▁Hello", "▁world", "!", "▁The", "▁pass", "▁key", "▁is", "▁",
                                                        "7", "1", "4", "3", "2", ".", "▁Remember", "▁it", "."}));
  expect_encodes(*tokenizer, kQuestion,
                 {12945, 31871, 1217, 322, 266, 3175, 287, 3908, 31902, 13, 4033, 31871, 372, 4880});
  expect_encodes(*tokenizer, kSpaces, {753, 7158, 12, 385, 12, 30149});
  expect_encodes(*tokenizer, kUnicode, {7561, 198, 178, 316, 29371, 31822, 233, 160, 180, 231, 189, 175});
  expect_round_trip(*tokenizer, kPassKey, kPassKey);
  expect_round_trip(*tokenizer, kQuestion, kQuestion);
  expect_round_trip(*tokenizer, kSpaces, "two spaces\tand\ttabs");  // v1 collapses extra whitespace
  expect_round_trip(*tokenizer, kUnicode, kUnicode);

  EXPECT_TRUE(tokenizer->encode("").empty());
  EXPECT_TRUE(tokenizer->encode_pieces("").empty());
  EXPECT_EQ(tokenizer->decode({}), "");
}

TEST(ProvenanceVectors, OpenLlamaV2) {
  const auto tokenizer = Tokenizer::load(test::open_llama_v2());
  expect_specials(*tokenizer, 32000);
  expect_first_merges(*tokenizer, {"▁t", "▁a", "in", "he", "▁▁", "re", "on"});
  expect_encodes(
      *tokenizer, kPassKey,
      {8479, 1173, 29578, 364, 1374, 1797, 325, 29500, 29574, 29532, 29562, 29556, 29536, 29520, 8891, 358, 29520});
  expect_encodes(*tokenizer, kQuestion, {10706, 29537, 1200, 325, 268, 4739, 296, 6110, 29584, 13, 1541, 29537, 27105});
  expect_encodes(*tokenizer, kSpaces, {263, 846, 263, 757, 1766, 12, 402, 12, 24378});
  expect_encodes(*tokenizer, kUnicode, {5459, 29774, 319, 16651, 29609, 29500, 31343, 31107});
  for (const auto& text : {kPassKey, kQuestion, kSpaces, kUnicode}) expect_round_trip(*tokenizer, text, text);
}

TEST(ProvenanceVectors, Tok512) {
  const auto tokenizer = Tokenizer::load(test::tok512());
  expect_specials(*tokenizer, 512);
  expect_first_merges(*tokenizer, {"▁t"});  // tok512.bin stores id 259 as " t"
  expect_encodes(*tokenizer, kPassKey,
                 {346, 306, 414, 263, 304, 341, 443, 291, 282, 412, 419, 419, 410, 354, 422, 410, 293,
                  410, 491, 475, 484, 472, 479, 426, 410, 461, 411, 423, 411, 423, 430, 285, 312, 426});
  expect_encodes(*tokenizer, kUnicode,
                 {297, 412, 198, 178, 360, 280, 412, 431, 485, 410, 233, 160, 180, 231, 189, 175});
  expect_round_trip(*tokenizer, kPassKey, kPassKey);
  expect_round_trip(*tokenizer, kUnicode, kUnicode);
}

}  // namespace
}  // namespace fot
