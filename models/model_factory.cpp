#include "models/model_factory.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "common/input_error.h"
#include "models/mock/mock_codec.h"
#include "models/mock/mock_model.h"
#include "models/model_config.h"
#include "models/tokenizer/tokenizer.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

TorchModelMaker& torch_maker() {
  static TorchModelMaker maker = nullptr;
  return maker;
}

bool is_torch_backend(const std::string& name) { return name == "llama" || name == "longllama"; }

void require_checkpoint(const ModelSpec& spec) {
  if (spec.checkpoint.empty())
    throw InputError(fmt::format("model '{}': backend '{}' needs a checkpoint", spec.name, spec.backend));
  if (!fs::exists(spec.checkpoint))
    throw InputError(fmt::format("model '{}': checkpoint '{}' does not exist", spec.name, spec.checkpoint));
}

// The first bytes of a zip archive (a PyTorch pytorch_model.bin), as load_checkpoint tells them.
bool is_zip_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

// The config.json a located checkpoint names, with load_checkpoint's message when it is missing.
ModelConfig read_config(const CheckpointLocation& location, const ModelSpec& spec) {
  if (!fs::is_regular_file(location.config_json))
    throw InputError(fmt::format("{}: missing (the checkpoint {} needs its config.json)", location.config_json,
                                 spec.checkpoint));
  return load_hf_config(location.config_json);
}

}  // namespace

std::vector<BackendInfo> known_backends() {
  bool torch = torch_maker() != nullptr;
  return {
      {"mock", "deterministic stand-in: perfect passkey retriever within a token window (no weights)", true},
      {"llama", "OpenLLaMA / LLaMA semantics on LibTorch (HF safetensors or llama2.c .bin)", torch},
      {"longllama", "LongLLaMA: LLaMA plus FoT memory layers (memory configuration from the config)", torch},
  };
}

void register_torch_backends(TorchModelMaker maker) { torch_maker() = maker; }

CheckpointLocation locate_checkpoint(const ModelSpec& spec) {
  require_checkpoint(spec);
  const fs::path path(spec.checkpoint);
  if (fs::is_directory(path)) return {spec.checkpoint, (path / "config.json").string(), spec.checkpoint};
  const fs::path directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (path.extension() == ".json") {
    if (!fs::is_regular_file(directory / "config.json"))
      throw InputError(fmt::format("model '{}': checkpoint '{}' is a JSON file outside an HF checkpoint directory; "
                                   "give the directory holding config.json and the weights, or a llama2.c .bin file",
                                   spec.name, spec.checkpoint));
    return {directory.string(), (directory / "config.json").string(), directory.string()};
  }
  if (path.extension() == ".safetensors" || is_zip_file(path))
    return {spec.checkpoint, (directory / "config.json").string(), directory.string()};
  return {spec.checkpoint, "", ""};
}

std::string resolve_backend(const ModelSpec& spec) {
  if (!spec.backend.empty()) return spec.backend;
  const CheckpointLocation location = locate_checkpoint(spec);
  if (location.config_json.empty()) return "llama";  // a llama2.c file: no memory layers
  return read_config(location, spec).is_longllama() ? "longllama" : "llama";
}

ModelSpec resolve_spec(const ModelSpec& spec) {
  ModelSpec out = spec;
  if (spec.backend == "mock") return out;
  const CheckpointLocation location = locate_checkpoint(spec);
  out.checkpoint = location.path;
  out.backend = resolve_backend(out);
  const std::optional<ModelConfig> config =
      location.config_json.empty() ? std::nullopt : std::optional<ModelConfig>(read_config(location, spec));
  const bool has_memory_layers = config && config->is_longllama();
  const std::string plain_why =
      config ? fmt::format("its {} has no 'mem_layers'", location.config_json) : "a llama2.c file has no memory layers";
  if (out.backend == "llama" && !spec.memory.is_default()) {
    throw InputError(fmt::format(
        "model '{}': a memory configuration needs backend 'longllama' (this model uses 'llama'{})", spec.name,
        spec.backend.empty() ? fmt::format(": checkpoint '{}' has no memory layers, {}", spec.checkpoint, plain_why)
                             : ""));
  }
  if (out.backend != "longllama") return out;
  if (!has_memory_layers) {
    if (spec.memory.layers == MemoryConfig::Layers::kCheckpoint)
      throw InputError(fmt::format(
          "model '{}': backend 'longllama' needs memory layers, and checkpoint '{}' has none ({}); use backend "
          "'llama' for it, or name the layers to give memory (memory.layers, --mem-layers) and "
          "memory.last_context_length (--last-context-length)",
          spec.name, spec.checkpoint, plain_why));
    if (!spec.memory.last_context_length)
      throw InputError(fmt::format(
          "model '{}': checkpoint '{}' has no memory layers ({}), so no last_context_length to default to; set "
          "memory.last_context_length (--last-context-length){}",
          spec.name, spec.checkpoint, plain_why,
          config ? fmt::format(", at most the window L ({})", spec.memory.window.value_or(config->max_position_embeddings))
                 : ""));
  }
  if (config) (void)spec.memory.resolved(*config, fmt::format("model '{}'", spec.name));
  return out;
}

std::shared_ptr<const TextCodec> make_codec(const ModelSpec& spec) {
  std::string path = spec.tokenizer;
  if (path.empty()) {
    if (spec.backend == "mock") return make_mock_codec();
    const CheckpointLocation location = locate_checkpoint(spec);
    if (location.directory.empty())
      throw InputError(fmt::format("model '{}': checkpoint '{}' is a llama2.c file, with no tokenizer beside it; name "
                                   "a sentencepiece tokenizer (tokenizer: in a run config, --tokenizer on the command "
                                   "line)",
                                   spec.name, spec.checkpoint));
    path = (fs::path(location.directory) / "tokenizer.model").string();
    if (!fs::exists(path))
      throw InputError(fmt::format("model '{}': no tokenizer named and '{}' does not exist; name a sentencepiece "
                                   "tokenizer (tokenizer: in a run config, --tokenizer on the command line)",
                                   spec.name, path));
  }
  if (!fs::exists(path))
    throw InputError(fmt::format("model '{}': tokenizer '{}' does not exist", spec.name, path));
  try {
    return make_sentencepiece_codec(Tokenizer::load(path));
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& error) {
    throw InputError(fmt::format("model '{}': cannot load tokenizer '{}': {}", spec.name, path, error.what()));
  }
}

std::unique_ptr<LanguageModel> make_model(const ModelSpec& spec) {
  const ModelSpec resolved = resolve_spec(spec);
  if (resolved.backend == "mock") return std::make_unique<MockModel>(resolved, make_codec(resolved));
  if (!is_torch_backend(resolved.backend))
    throw InputError(fmt::format("model '{}': unknown backend '{}'", spec.name, resolved.backend));
  require_checkpoint(resolved);
  if (!torch_maker())
    throw std::runtime_error(
        fmt::format("model '{}': backend '{}' is not linked into this binary", spec.name, resolved.backend));
  return torch_maker()(resolved);
}

TextModel load_text_model(const ModelSpec& spec) {
  const ModelSpec resolved = resolve_spec(spec);
  TextModel out;
  out.name = spec.name;
  out.codec = make_codec(resolved);
  if (resolved.backend == "mock") {
    out.model = std::make_shared<MockModel>(resolved, out.codec);
  } else {
    out.model = make_model(resolved);
  }
  return out;
}

}  // namespace fot
