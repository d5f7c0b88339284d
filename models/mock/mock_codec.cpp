#include "models/mock/mock_codec.h"

#include <fmt/format.h>

#include <sstream>
#include <stdexcept>

namespace fot {
namespace {

const char kSpace[] = "\xe2\x96\x81";  // "▁", SentencePiece's whitespace symbol
constexpr int32_t kFirstByteId = 3;  // ids 3..258 are the bytes 0x00..0xFF

// Words of the passkey texts (docs/passkey-protocol.md) plus a few common ones.
const char* const kWords =
    "There is an important info hidden inside a lot of irrelevant text. Find it and memorize them. I will quiz you "
    "about the important information there. The grass is green. The sky is blue. The sun is yellow. Here we go. "
    "There and back again. The pass key is Remember it. What is the pass key? the to in that for on with as was "
    "he she they be at by this had not are but from or have one all were when we which their";

}  // namespace

MockCodec::MockCodec() {
  trie_.emplace_back();
  pieces_ = {"<unk>", "<s>", "</s>"};
  for (int byte = 0; byte < 256; ++byte) pieces_.push_back(fmt::format("<0x{:02X}>", byte));
  add_piece(kSpace);
  for (const char* single : {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", ",", "?", "!", ":", ";", "'",
                             "\""})
    add_piece(single);
  std::istringstream words(kWords);
  std::string word;
  while (words >> word) {
    while (!word.empty() && (word.back() == '.' || word.back() == '?')) word.pop_back();
    add_piece(kSpace + word);
  }
}

void MockCodec::add_piece(const std::string& piece) {
  int32_t node = 0;
  for (unsigned char byte : piece) {
    int32_t next = child(node, byte);
    if (next < 0) {
      next = static_cast<int32_t>(trie_.size());
      trie_[node].next.emplace_back(byte, next);
      trie_.emplace_back();
    }
    node = next;
  }
  if (trie_[node].id >= 0) return;  // already a piece
  trie_[node].id = static_cast<int32_t>(pieces_.size());
  pieces_.push_back(piece);
}

int32_t MockCodec::child(int32_t node, unsigned char byte) const {
  for (const auto& [b, index] : trie_[node].next)
    if (b == byte) return index;
  return -1;
}

// Greedy longest match inside one word (a run that starts with "▁" or the text start).
void MockCodec::encode_word(const std::string& word, TokenIds& out) const {
  size_t pos = 0;
  while (pos < word.size()) {
    int32_t node = 0, best_id = -1;
    size_t best_len = 0;
    for (size_t i = pos; i < word.size(); ++i) {
      node = child(node, static_cast<unsigned char>(word[i]));
      if (node < 0) break;
      if (trie_[node].id >= 0) {
        best_id = trie_[node].id;
        best_len = i - pos + 1;
      }
    }
    if (best_id < 0) {
      out.push_back(kFirstByteId + static_cast<unsigned char>(word[pos]));
      ++pos;
    } else {
      out.push_back(best_id);
      pos += best_len;
    }
  }
}

TokenIds MockCodec::encode(const std::string& text) const {
  TokenIds out;
  if (text.empty()) return out;
  out.reserve(text.size() / 4);
  // Dummy prefix, then every space becomes "▁" and starts a new word.
  std::string word = kSpace;
  for (char c : text) {
    if (c == ' ') {
      encode_word(word, out);
      word = kSpace;
    } else {
      word.push_back(c);
    }
  }
  encode_word(word, out);
  return out;
}

std::string MockCodec::decode(const TokenIds& ids) const {
  std::string text;
  for (int32_t id : ids) {
    if (id < 0 || id >= vocab_size()) throw std::out_of_range(fmt::format("mock tokenizer: no token id {}", id));
    if (id < kFirstByteId) continue;  // specials decode to nothing
    if (id < kFirstByteId + 256) {
      text.push_back(static_cast<char>(id - kFirstByteId));
      continue;
    }
    const std::string& p = pieces_[id];
    if (p.compare(0, 3, kSpace) == 0) {
      text.push_back(' ');
      text.append(p, 3, std::string::npos);
    } else {
      text += p;
    }
  }
  if (!text.empty() && text[0] == ' ') text.erase(0, 1);  // the dummy prefix
  return text;
}

const std::string& MockCodec::piece(int32_t id) const { return pieces_.at(id); }

std::shared_ptr<const TextCodec> make_mock_codec() { return std::make_shared<MockCodec>(); }

}  // namespace fot
