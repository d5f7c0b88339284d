// libfot_spm_shim.so: the C API of spm_shim.h over sentencepiece. No C++ exception crosses it.
#include "spm_shim.h"  // same folder: this target has no include path of its own

#include <sentencepiece_processor.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

// Everything below but the FOT_SPM_API functions stays out of the dynamic symbol table.
#pragma GCC visibility push(hidden)

struct fot_spm {
  sentencepiece::SentencePieceProcessor processor;
};

namespace {

char* copy_to_malloc(const char* data, size_t size) {
  auto* copy = static_cast<char*>(std::malloc(size + 1));
  if (!copy) throw std::bad_alloc();
  if (size) std::memcpy(copy, data, size);
  copy[size] = '\0';
  return copy;
}

void set_error(char** error, const std::string& message) {
  if (!error) return;
  *error = static_cast<char*>(std::malloc(message.size() + 1));
  if (*error) std::memcpy(*error, message.c_str(), message.size() + 1);
}

// Runs body, turning a failed status or any exception into -1 and an error message.
template <typename Body>
int guarded(char** error, Body&& body) {
  try {
    const sentencepiece::util::Status status = body();
    if (status.ok()) return 0;
    set_error(error, status.ToString());
  } catch (const std::exception& e) {
    set_error(error, e.what());
  } catch (...) {
    set_error(error, "unknown exception in sentencepiece");
  }
  return -1;
}

}  // namespace

#pragma GCC visibility pop

extern "C" {

fot_spm* fot_spm_load(const char* path, char** error) {
  fot_spm* model = nullptr;
  const int rc = guarded(error, [&] {
    model = new fot_spm();
    return model->processor.Load(path);
  });
  if (rc == 0) return model;
  delete model;
  return nullptr;
}

void fot_spm_free(fot_spm* model) { delete model; }

void fot_spm_free_buffer(void* buffer) { std::free(buffer); }

int fot_spm_encode_ids(const fot_spm* model, const char* text, size_t text_len, int32_t** ids, size_t* count,
                       char** error) {
  *ids = nullptr;
  *count = 0;
  return guarded(error, [&] {
    std::vector<int> out;
    const auto status = model->processor.Encode(absl::string_view(text, text_len), &out);
    if (!status.ok()) return status;
    *ids = static_cast<int32_t*>(std::malloc(sizeof(int32_t) * (out.size() + 1)));
    if (!*ids) throw std::bad_alloc();
    for (size_t i = 0; i < out.size(); ++i) (*ids)[i] = out[i];
    *count = out.size();
    return status;
  });
}

int fot_spm_encode_pieces(const fot_spm* model, const char* text, size_t text_len, char** blob, size_t** offsets,
                          size_t* count, char** error) {
  *blob = nullptr;
  *offsets = nullptr;
  *count = 0;
  const int rc = guarded(error, [&] {
    std::vector<std::string> pieces;
    const auto status = model->processor.Encode(absl::string_view(text, text_len), &pieces);
    if (!status.ok()) return status;
    std::string joined;
    *offsets = static_cast<size_t*>(std::malloc(sizeof(size_t) * (pieces.size() + 1)));
    if (!*offsets) throw std::bad_alloc();
    for (size_t i = 0; i < pieces.size(); ++i) {
      (*offsets)[i] = joined.size();
      joined += pieces[i];
    }
    (*offsets)[pieces.size()] = joined.size();
    *blob = copy_to_malloc(joined.data(), joined.size());
    *count = pieces.size();
    return status;
  });
  if (rc != 0) {
    std::free(*offsets);
    *offsets = nullptr;
  }
  return rc;
}

int fot_spm_decode_ids(const fot_spm* model, const int32_t* ids, size_t count, char** text, size_t* text_len,
                       char** error) {
  *text = nullptr;
  *text_len = 0;
  return guarded(error, [&] {
    const std::vector<int> in(ids, ids + count);
    std::string out;
    const auto status = model->processor.Decode(in, &out);
    if (!status.ok()) return status;
    *text = copy_to_malloc(out.data(), out.size());
    *text_len = out.size();
    return status;
  });
}

const char* fot_spm_id_to_piece(const fot_spm* model, int32_t id, size_t* piece_len) {
  // sentencepiece indexes its piece table unchecked, so the range check must happen here.
  if (id < 0 || id >= model->processor.GetPieceSize()) return nullptr;
  const std::string& piece = model->processor.IdToPiece(id);
  *piece_len = piece.size();
  return piece.c_str();
}

int32_t fot_spm_piece_to_id(const fot_spm* model, const char* piece, size_t piece_len) {
  return model->processor.PieceToId(absl::string_view(piece, piece_len));
}

int32_t fot_spm_vocab_size(const fot_spm* model) { return model->processor.GetPieceSize(); }
int32_t fot_spm_bos_id(const fot_spm* model) { return model->processor.bos_id(); }
int32_t fot_spm_eos_id(const fot_spm* model) { return model->processor.eos_id(); }
int32_t fot_spm_unk_id(const fot_spm* model) { return model->processor.unk_id(); }
int32_t fot_spm_pad_id(const fot_spm* model) { return model->processor.pad_id(); }

}  // extern "C"
