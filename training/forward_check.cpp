#include "training/forward_check.h"

#include "models/backends/llama_backend.h"
#include "models/backends/longllama_backend.h"
#include "models/checkpoint/checkpoint.h"
#include "training/crossbatch.h"
#include "training/tiny_llama.h"
#include "training/trainer.h"

namespace fot::train {

double max_logit_difference(const std::string& model_dir, const std::vector<int32_t>& tokens) {
  torch::NoGradGuard no_grad;
  auto checkpoint = load_checkpoint(model_dir);
  validate_llama_tensors(checkpoint);
  const auto& config = checkpoint.config;
  TinyLlama trainer(config);
  trainer.load(checkpoint);
  trainer.eval();

  const int64_t count = static_cast<int64_t>(tokens.size());
  torch::Tensor expected;
  Layout layout;
  if (config.is_longllama()) {
    LongLlamaOptions options;
    options.memory.dtype = "float32";
    LongLlamaBackend backend(checkpoint, options);
    expected = backend.all_logits(TokenIds(tokens.begin(), tokens.end()));
    // The backend's windows over all tokens: inputs = tokens (a one-token "answer" adds none).
    std::vector<int32_t> prompt(tokens), answer = {0};
    auto rows = document_rows(prompt, answer, config.max_position_embeddings, config.last_context_length, 0);
    CrossbatchOptions all_positives;
    all_positives.negatives = 0;
    Rng rng(0);
    layout = build_layout({rows}, {}, all_positives, rng);
  } else {
    LlamaBackend backend(checkpoint, "", OverflowPolicy::kError);
    auto cache = backend.model().make_cache();
    expected = backend.model().forward(TokenIds(tokens.begin(), tokens.end()), cache, LogitsFor::kAll);
    std::vector<int32_t> prompt(tokens), answer = {0};
    auto rows = document_rows(prompt, answer, count, count, 0);
    CrossbatchOptions none;
    none.negatives = 0;
    Rng rng(0);
    layout = build_layout({rows}, {}, none, rng);
  }
  const auto step = to_tensors(layout, 1.0);
  const auto logits = trainer.forward(step.batch);
  std::vector<torch::Tensor> pieces;
  for (int64_t r = 0; r < layout.query_rows; ++r)
    pieces.push_back(logits[r].narrow(0, 0, static_cast<int64_t>(layout.rows[r].inputs.size())));
  const auto got = torch::cat(pieces, 0);
  if (got.size(0) != count || expected.size(0) != count) throw std::logic_error("max_logit_difference: row mismatch");
  return (got - expected.to(torch::kFloat)).abs().max().item<double>();
}

}  // namespace fot::train
