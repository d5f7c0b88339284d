// A toy SentencePiece-like tokenizer for the mock backend: whole-word pieces ("▁The", "▁grass") for
// the words of the passkey texts, single-character pieces for digits and punctuation, byte fallback
// for everything else. Like SentencePiece BPE it splits at spaces first, so the token count of a
// text is the sum over its space-separated words; digits are single tokens ("▁", "7", "1", ...).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/text_codec.h"

namespace fot {

class MockCodec final : public TextCodec {
 public:
  MockCodec();
  TokenIds encode(const std::string& text) const override;
  std::string decode(const TokenIds& ids) const override;
  int32_t bos_id() const override { return 1; }
  int32_t eos_id() const override { return 2; }
  int32_t vocab_size() const override { return static_cast<int32_t>(pieces_.size()); }
  std::string describe() const override { return "mock-words"; }

  const std::string& piece(int32_t id) const;

 private:
  struct Node {
    int32_t id = -1;
    std::vector<std::pair<unsigned char, int32_t>> next;  // byte -> node index
  };
  void add_piece(const std::string& piece);
  int32_t child(int32_t node, unsigned char byte) const;
  void encode_word(const std::string& word, TokenIds& out) const;

  std::vector<std::string> pieces_;
  std::vector<Node> trie_;
};

std::shared_ptr<const TextCodec> make_mock_codec();

}  // namespace fot
