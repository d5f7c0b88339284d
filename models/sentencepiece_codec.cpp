#include "models/text_codec.h"
#include "models/tokenizer/tokenizer.h"

namespace fot {
namespace {

class SentencePieceCodec final : public TextCodec {
 public:
  explicit SentencePieceCodec(std::shared_ptr<const Tokenizer> tokenizer) : tokenizer_(std::move(tokenizer)) {}
  TokenIds encode(const std::string& text) const override { return tokenizer_->encode(text); }
  std::string decode(const TokenIds& ids) const override { return tokenizer_->decode(ids); }
  int32_t bos_id() const override { return tokenizer_->bos_id(); }
  int32_t eos_id() const override { return tokenizer_->eos_id(); }
  int32_t vocab_size() const override { return tokenizer_->vocab_size(); }
  std::string describe() const override { return "sentencepiece:" + tokenizer_->path(); }

 private:
  std::shared_ptr<const Tokenizer> tokenizer_;
};

}  // namespace

std::shared_ptr<const TextCodec> make_sentencepiece_codec(std::shared_ptr<const Tokenizer> tokenizer) {
  return std::make_shared<SentencePieceCodec>(std::move(tokenizer));
}

}  // namespace fot
