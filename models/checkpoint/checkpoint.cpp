// load_checkpoint: picks the reader from what `path` is.
#include "models/checkpoint/checkpoint.h"

#include <c10/util/Exception.h>
#include <fmt/format.h>

#include <filesystem>
#include <functional>

#include "models/checkpoint/llama2c_reader.h"
#include "models/checkpoint/safetensors_reader.h"
#include "models/checkpoint/sharded_index.h"
#include "models/checkpoint/torch_zip_reader.h"
#include "common/input_error.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

ModelConfig config_beside(const fs::path& directory, Checkpoint& checkpoint) {
  const fs::path config = directory / "config.json";
  checkpoint.config_path = config.string();
  std::error_code error;
  if (!fs::is_regular_file(config, error))
    throw InputError(fmt::format("{}: missing (the checkpoint {} needs its config.json)", config.string(),
                                 checkpoint.source));
  return load_hf_config(config.string());
}

Checkpoint load_hf_directory(const std::string& path) {
  Checkpoint checkpoint;
  checkpoint.source = path;
  const fs::path directory(path);
  checkpoint.config = config_beside(directory, checkpoint);

  struct Layout {
    const char* file;
    const char* format;
    std::function<TensorMap(const std::string&)> read;
  };
  const Layout layouts[] = {
      {"model.safetensors", "safetensors", read_safetensors},
      {"model.safetensors.index.json", "safetensors-sharded",
       [](const std::string& index) { return read_sharded(index, read_safetensors); }},
      {"pytorch_model.bin", "pytorch-bin", read_torch_zip},
      {"pytorch_model.bin.index.json", "pytorch-bin-sharded",
       [](const std::string& index) { return read_sharded(index, read_torch_zip); }},
  };
  for (const Layout& layout : layouts) {
    const fs::path weights = directory / layout.file;
    std::error_code error;
    if (!fs::exists(weights, error)) continue;
    checkpoint.format = layout.format;
    checkpoint.weights_path = weights.string();
    checkpoint.tensors = layout.read(weights.string());
    return checkpoint;
  }
  throw InputError(fmt::format(
      "{}: no weights file (looked for model.safetensors, model.safetensors.index.json, pytorch_model.bin, "
      "pytorch_model.bin.index.json)",
      path));
}

// A single weights file with config.json in the same directory.
Checkpoint load_file_with_config(const std::string& path, const char* format, TensorMap (*read)(const std::string&)) {
  Checkpoint checkpoint;
  checkpoint.source = path;
  checkpoint.format = format;
  checkpoint.weights_path = path;
  checkpoint.config = config_beside(fs::path(path).parent_path(), checkpoint);
  checkpoint.tensors = read(path);
  return checkpoint;
}

Checkpoint load_any(const std::string& path) {
  std::error_code error;
  const auto status = fs::status(path, error);
  if (!fs::exists(status)) throw InputError(fmt::format("{}: no such file or directory", path));
  if (fs::is_directory(status)) return load_hf_directory(path);
  if (!fs::is_regular_file(status)) throw InputError(fmt::format("{}: not a regular file or directory", path));
  if (is_zip_file(path)) return load_file_with_config(path, "pytorch-bin", read_torch_zip);
  if (fs::path(path).extension() == ".safetensors") return load_file_with_config(path, "safetensors", read_safetensors);
  return read_llama2c(path);
}

}  // namespace

Checkpoint load_checkpoint(const std::string& path) {
  try {
    return load_any(path);
  } catch (const c10::Error& error) {  // a LibTorch check on malformed input: still the input's fault
    throw InputError(fmt::format("{}: {}", path, error.what_without_backtrace()));
  }
}

}  // namespace fot
