// The LibTorch backends behind the torch-free factory (models/model_factory.h).
#pragma once

#include <memory>

#include "models/language_model.h"
#include "models/model_factory.h"

namespace fot {

// "llama" / "longllama" from a spec; registered with register_torch_backends() by fot-eval.
std::unique_ptr<LanguageModel> make_torch_model(const ModelSpec& spec);

}  // namespace fot
