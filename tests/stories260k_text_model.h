// stories260K (llama2.c's checkpoint and tokenizer from ../shared/data) loaded as the harness loads
// a model, for the tests of tasks that score it. A missing file fails the test, never skips it.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "models/backends/torch_backends.h"
#include "models/model_factory.h"

namespace fot::test {

inline TextModel stories260k_text_model() {
  register_torch_backends(&make_torch_model);
  ModelSpec spec;
  spec.name = "stories260K";
  spec.backend = "llama";
  spec.checkpoint = std::string(FOT_SHARED_DATA) + "/stories260K/stories260K.bin";
  spec.tokenizer = std::string(FOT_SHARED_DATA) + "/stories260K/tok512.model";
  for (const auto& path : {spec.checkpoint, spec.tokenizer})
    if (!std::filesystem::is_regular_file(path))
      throw std::runtime_error("missing shared test data " + path + " (FOT_SHARED_DATA should be ../shared/data)");
  return load_text_model(spec);
}

}  // namespace fot::test
