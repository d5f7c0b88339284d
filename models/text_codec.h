// Text <-> token ids for tasks, behind one small interface so tasks run with the real
// SentencePiece tokenizer or with the mock backend's toy tokenizer. No LibTorch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "models/token_ids.h"

namespace fot {

class LanguageModel;
class Tokenizer;

class TextCodec {
 public:
  virtual ~TextCodec() = default;
  // No BOS/EOS added. SentencePiece-like: a leading "▁" (dummy prefix) on the first word.
  virtual TokenIds encode(const std::string& text) const = 0;
  virtual std::string decode(const TokenIds& ids) const = 0;
  virtual int32_t bos_id() const = 0;
  virtual int32_t eos_id() const = 0;
  virtual int32_t vocab_size() const = 0;
  // "sentencepiece:<path>" or "mock-words"; recorded in run metadata.
  virtual std::string describe() const = 0;
};

std::shared_ptr<const TextCodec> make_sentencepiece_codec(std::shared_ptr<const Tokenizer> tokenizer);

// A model together with the codec that feeds it: what a task needs to build prompts, count
// tokens, and read predictions.
struct TextModel {
  std::string name;  // the label in results (the config's model name)
  std::shared_ptr<LanguageModel> model;
  std::shared_ptr<const TextCodec> codec;
};

}  // namespace fot
