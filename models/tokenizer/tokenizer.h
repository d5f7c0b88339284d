// SentencePiece tokenizer. sentencepiece itself lives in a separate shared library (the "shim")
// loaded with dlopen(RTLD_DEEPBIND): linked into the same process as LibTorch it crashes
// (two protobuf copies; see docs in README). No sentencepiece or LibTorch headers here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fot {

class Tokenizer {
 public:
  // Loads a sentencepiece .model file. Throws fot::InputError (a std::runtime_error) naming the file when it is
  // missing or not a model, and std::runtime_error naming the paths tried when the shim cannot be loaded
  // (found via env FOT_SPM_SHIM, beside the executable or one folder up, then the build tree). Thread-safe.
  static std::shared_ptr<const Tokenizer> load(const std::string& model_path);
  ~Tokenizer();

  std::vector<int32_t> encode(const std::string& text) const;  // no BOS/EOS added
  std::vector<std::string> encode_pieces(const std::string& text) const;
  std::string decode(const std::vector<int32_t>& ids) const;  // std::out_of_range on an id outside the vocabulary
  std::string id_to_piece(int32_t id) const;                  // std::out_of_range on an id outside the vocabulary
  int32_t piece_to_id(const std::string& piece) const;        // unk_id() when absent
  int32_t vocab_size() const;
  int32_t bos_id() const;
  int32_t eos_id() const;
  int32_t unk_id() const;
  int32_t pad_id() const;  // -1 when the model has none
  const std::string& path() const { return path_; }

  struct Impl;

 private:
  Tokenizer() = default;
  std::string path_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fot
