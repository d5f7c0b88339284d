#include "models/tokenizer/tokenizer.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "common/input_error.h"
#include "models/tokenizer/spm_shim.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

constexpr const char* kShimFileName = "libfot_spm_shim.so";

// The shim's C API, resolved once per process.
struct ShimApi {
  std::string path;
  decltype(&fot_spm_load) load;
  decltype(&fot_spm_free) free_model;
  decltype(&fot_spm_free_buffer) free_buffer;
  decltype(&fot_spm_encode_ids) encode_ids;
  decltype(&fot_spm_encode_pieces) encode_pieces;
  decltype(&fot_spm_decode_ids) decode_ids;
  decltype(&fot_spm_id_to_piece) id_to_piece;
  decltype(&fot_spm_piece_to_id) piece_to_id;
  decltype(&fot_spm_vocab_size) vocab_size;
  decltype(&fot_spm_bos_id) bos_id;
  decltype(&fot_spm_eos_id) eos_id;
  decltype(&fot_spm_unk_id) unk_id;
  decltype(&fot_spm_pad_id) pad_id;
};

std::vector<std::string> shim_candidates() {
  if (const char* env = std::getenv("FOT_SPM_SHIM"); env && *env) return {env};  // explicit choice: no fallback
  std::vector<std::string> candidates;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back((exe.parent_path() / kShimFileName).string());
    candidates.push_back((exe.parent_path().parent_path() / kShimFileName).string());
  }
#ifdef FOT_SPM_SHIM_BUILD_PATH
  candidates.push_back(FOT_SPM_SHIM_BUILD_PATH);
#endif
  return candidates;
}

// DEEPBIND makes sentencepiece bind to its own bundled protobuf, not LibTorch's libprotobuf.
void* open_deepbind(const char* path) {
  constexpr int flags = RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND;
#if defined(__SANITIZE_ADDRESS__)
  // ASan's dlopen interceptor aborts on RTLD_DEEPBIND (google/sanitizers#611), so call glibc's own dlopen. That is
  // safe here: the ASan-built shim lists libasan first, so the shim's group still binds malloc/free to ASan.
  using Dlopen = void* (*)(const char*, int);
  static const auto glibc_dlopen = reinterpret_cast<Dlopen>(dlvsym(RTLD_NEXT, "dlopen", "GLIBC_2.34"));
  if (glibc_dlopen) return glibc_dlopen(path, flags);
#endif
  return dlopen(path, flags);
}

// Opens the first candidate that loads and resolves every symbol; otherwise explains each attempt.
ShimApi open_shim() {
  std::string attempts;
  for (const auto& candidate : shim_candidates()) {
    std::error_code ec;
    if (!fs::exists(candidate, ec)) {
      attempts += "\n  " + candidate + ": not found";
      continue;
    }
    void* handle = open_deepbind(candidate.c_str());
    if (!handle) {
      const char* why = dlerror();
      attempts += "\n  " + candidate + ": " + (why ? why : "dlopen failed");
      continue;
    }
    ShimApi api;
    api.path = candidate;
    std::string missing;
    auto resolve = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(handle, name));
      if (!fn) missing += std::string(missing.empty() ? "" : ", ") + name;
    };
    resolve(api.load, "fot_spm_load");
    resolve(api.free_model, "fot_spm_free");
    resolve(api.free_buffer, "fot_spm_free_buffer");
    resolve(api.encode_ids, "fot_spm_encode_ids");
    resolve(api.encode_pieces, "fot_spm_encode_pieces");
    resolve(api.decode_ids, "fot_spm_decode_ids");
    resolve(api.id_to_piece, "fot_spm_id_to_piece");
    resolve(api.piece_to_id, "fot_spm_piece_to_id");
    resolve(api.vocab_size, "fot_spm_vocab_size");
    resolve(api.bos_id, "fot_spm_bos_id");
    resolve(api.eos_id, "fot_spm_eos_id");
    resolve(api.unk_id, "fot_spm_unk_id");
    resolve(api.pad_id, "fot_spm_pad_id");
    if (missing.empty()) return api;  // the handle stays open for the life of the process
    attempts += "\n  " + candidate + ": missing symbols " + missing;
    dlclose(handle);
  }
  throw std::runtime_error("cannot load the sentencepiece shim " + std::string(kShimFileName) +
                           " (set FOT_SPM_SHIM to its path); tried:" + attempts);
}

const ShimApi& shim() {
  // Loaded once; a failure is remembered and reported to every caller.
  struct Loaded {
    std::unique_ptr<ShimApi> api;
    std::string error;
  };
  static const Loaded loaded = [] {
    Loaded result;
    try {
      result.api = std::make_unique<ShimApi>(open_shim());
    } catch (const std::exception& e) {
      result.error = e.what();
    }
    return result;
  }();
  if (!loaded.api) throw std::runtime_error(loaded.error);
  return *loaded.api;
}

// Frees shim-allocated buffers.
struct ShimFree {
  void operator()(void* buffer) const { shim().free_buffer(buffer); }
};
template <typename T>
using ShimBuffer = std::unique_ptr<T, ShimFree>;

std::string take_error(char* error) {
  ShimBuffer<char> owned(error);
  return owned ? std::string(owned.get()) : std::string("unknown sentencepiece error");
}

}  // namespace

struct Tokenizer::Impl {
  const ShimApi* api = nullptr;
  fot_spm* model = nullptr;
  int32_t vocab_size = 0;
  ~Impl() {
    if (model) api->free_model(model);
  }
};

std::shared_ptr<const Tokenizer> Tokenizer::load(const std::string& model_path) {
  std::error_code ec;
  const auto status = fs::status(model_path, ec);
  if (!fs::exists(status)) throw InputError("tokenizer file not found: " + model_path);
  if (!fs::is_regular_file(status)) throw InputError("tokenizer path is not a regular file: " + model_path);

  const ShimApi& api = shim();
  std::shared_ptr<Tokenizer> tokenizer(new Tokenizer());
  tokenizer->path_ = model_path;
  tokenizer->impl_ = std::make_unique<Impl>();
  tokenizer->impl_->api = &api;
  char* error = nullptr;
  tokenizer->impl_->model = api.load(model_path.c_str(), &error);
  if (!tokenizer->impl_->model) {
    throw InputError("not a sentencepiece model: " + model_path + " (" + take_error(error) + ")");
  }
  tokenizer->impl_->vocab_size = api.vocab_size(tokenizer->impl_->model);
  if (tokenizer->impl_->vocab_size <= 0) throw InputError("sentencepiece model has no pieces: " + model_path);
  return tokenizer;
}

Tokenizer::~Tokenizer() = default;

std::vector<int32_t> Tokenizer::encode(const std::string& text) const {
  int32_t* ids = nullptr;
  size_t count = 0;
  char* error = nullptr;
  if (impl_->api->encode_ids(impl_->model, text.data(), text.size(), &ids, &count, &error) != 0) {
    throw std::runtime_error("tokenizer " + path_ + ": encode failed: " + take_error(error));
  }
  ShimBuffer<int32_t> owned(ids);
  return std::vector<int32_t>(ids, ids + count);
}

std::vector<std::string> Tokenizer::encode_pieces(const std::string& text) const {
  char* blob = nullptr;
  size_t* offsets = nullptr;
  size_t count = 0;
  char* error = nullptr;
  if (impl_->api->encode_pieces(impl_->model, text.data(), text.size(), &blob, &offsets, &count, &error) != 0) {
    throw std::runtime_error("tokenizer " + path_ + ": encode failed: " + take_error(error));
  }
  ShimBuffer<char> owned_blob(blob);
  ShimBuffer<size_t> owned_offsets(offsets);
  std::vector<std::string> pieces;
  pieces.reserve(count);
  for (size_t i = 0; i < count; ++i) pieces.emplace_back(blob + offsets[i], offsets[i + 1] - offsets[i]);
  return pieces;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const {
  for (const int32_t id : ids) {
    if (id < 0 || id >= impl_->vocab_size) {
      throw std::out_of_range("tokenizer " + path_ + ": cannot decode id " + std::to_string(id) + ", outside [0, " +
                              std::to_string(impl_->vocab_size) + ")");
    }
  }
  char* text = nullptr;
  size_t length = 0;
  char* error = nullptr;
  if (impl_->api->decode_ids(impl_->model, ids.data(), ids.size(), &text, &length, &error) != 0) {
    throw std::runtime_error("tokenizer " + path_ + ": decode failed: " + take_error(error));
  }
  ShimBuffer<char> owned(text);
  return std::string(text, length);
}

std::string Tokenizer::id_to_piece(int32_t id) const {
  size_t length = 0;
  const char* piece = impl_->api->id_to_piece(impl_->model, id, &length);
  if (!piece) {
    throw std::out_of_range("tokenizer " + path_ + ": id " + std::to_string(id) + " outside [0, " +
                            std::to_string(impl_->vocab_size) + ")");
  }
  return std::string(piece, length);
}

int32_t Tokenizer::piece_to_id(const std::string& piece) const {
  return impl_->api->piece_to_id(impl_->model, piece.data(), piece.size());
}

int32_t Tokenizer::vocab_size() const { return impl_->vocab_size; }
int32_t Tokenizer::bos_id() const { return impl_->api->bos_id(impl_->model); }
int32_t Tokenizer::eos_id() const { return impl_->api->eos_id(impl_->model); }
int32_t Tokenizer::unk_id() const { return impl_->api->unk_id(impl_->model); }
int32_t Tokenizer::pad_id() const { return impl_->api->pad_id(impl_->model); }

}  // namespace fot
