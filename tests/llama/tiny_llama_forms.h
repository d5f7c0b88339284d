// The tiny_llama golden checkpoint's stored forms (written by the tiny_llama fixture) and the
// relative error the logits tests compare with.
#pragma once

#include <ATen/ATen.h>

#include <filesystem>
#include <string>

#include "models/checkpoint/checkpoint.h"

namespace fot::test {

inline const std::filesystem::path& tiny_llama_golden() {
  static const std::filesystem::path path = std::filesystem::path(FOT_GOLDEN_DIR) / "tiny_llama";
  return path;
}

// max |ours - reference| / max |reference|, in double.
inline double relative_error(const at::Tensor& ours, const at::Tensor& reference) {
  return (ours.to(at::kDouble) - reference.to(at::kDouble)).abs().max().item<double>() /
         reference.abs().max().item<double>();
}

// One stored form (e.g. "untied_bf16_safetensors"), loaded and validated as the CLI would.
inline Checkpoint load_tiny_llama_form(const std::string& form) {
  auto checkpoint = load_checkpoint((tiny_llama_golden() / "forms" / form).string());
  validate_llama_tensors(checkpoint);
  return checkpoint;
}

}  // namespace fot::test
