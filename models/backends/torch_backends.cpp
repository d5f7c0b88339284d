#include "models/backends/torch_backends.h"

#include <fmt/format.h>

#include "models/backends/llama_backend.h"
#include "models/backends/longllama_backend.h"
#include "models/checkpoint/checkpoint.h"
#include "common/input_error.h"

namespace fot {

std::unique_ptr<LanguageModel> make_torch_model(const ModelSpec& spec) {
  const std::string backend = resolve_backend(spec);
  auto checkpoint = load_checkpoint(spec.checkpoint);
  validate_llama_tensors(checkpoint);
  const auto overflow = spec.overflow.empty() ? OverflowPolicy::kError : parse_overflow_policy(spec.overflow);
  const ComputeDtype compute = parse_compute_dtype(spec.compute_dtype);
  if (backend == "llama") return std::make_unique<LlamaBackend>(checkpoint, spec.weights_dtype, overflow, compute);
  if (backend == "longllama") {
    LongLlamaOptions options;
    options.memory = spec.memory;
    options.weights_dtype = spec.weights_dtype;
    options.compute_dtype = compute;
    return std::make_unique<LongLlamaBackend>(checkpoint, options);
  }
  throw InputError(fmt::format("model '{}': backend '{}' is not available", spec.name, backend));
}

}  // namespace fot
