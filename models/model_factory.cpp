#include "models/model_factory.h"

#include <fmt/format.h>

#include <filesystem>
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

std::string resolve_backend(const ModelSpec& spec) {
  if (!spec.backend.empty()) return spec.backend;
  require_checkpoint(spec);
  fs::path path(spec.checkpoint);
  if (fs::is_directory(path)) {
    ModelConfig config = load_hf_config((path / "config.json").string());
    return config.is_longllama() ? "longllama" : "llama";
  }
  return "llama";  // a llama2.c .bin file
}

std::shared_ptr<const TextCodec> make_codec(const ModelSpec& spec) {
  std::string path = spec.tokenizer;
  if (path.empty()) {
    if (spec.backend == "mock") return make_mock_codec();
    require_checkpoint(spec);
    fs::path dir(spec.checkpoint);
    if (!fs::is_directory(dir))
      throw InputError(fmt::format("model '{}': checkpoint '{}' is a file; name its tokenizer (tokenizer: ...)",
                                   spec.name, spec.checkpoint));
    path = (dir / "tokenizer.model").string();
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
  ModelSpec resolved = spec;
  resolved.backend = resolve_backend(spec);
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
  ModelSpec resolved = spec;
  resolved.backend = resolve_backend(spec);
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
