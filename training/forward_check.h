// Checks that the trainer's forward and the inference backend agree on a saved model: the same
// tokens through TinyLlama (windows cut as the backend cuts them, each memory layer reading all
// earlier windows as extra contexts) and through LongLlamaBackend::all_logits (fp32 memory) or,
// for a plain model, LlamaModel::forward.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fot::train {

// Largest absolute logit difference over all positions of `tokens`.
double max_logit_difference(const std::string& model_dir, const std::vector<int32_t>& tokens);

}  // namespace fot::train
