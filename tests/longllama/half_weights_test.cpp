// The longllama backend with weights held in bf16 or fp16 gives the logits of the same weights
// converted to fp32 (1e-5 relative: fp32 summation order only), across windows with memory, in
// prefill and along the decoding path.
#include <gtest/gtest.h>

#include <filesystem>

#include "models/backends/longllama_backend.h"
#include "models/checkpoint/checkpoint.h"
#include "tiny_longllama.h"

namespace fot {
namespace {

using test::pseudo_random_tokens;
using test::tiny_longllama;

Checkpoint with_dtype(const Checkpoint& checkpoint, at::ScalarType dtype) {
  Checkpoint copy = checkpoint;
  for (auto& [name, tensor] : copy.tensors) tensor = tensor.to(dtype);
  if (copy.config.tie_word_embeddings) copy.tensors["lm_head.weight"] = copy.tensors.at("model.embed_tokens.weight");
  return copy;
}

double relative_error(const at::Tensor& ours, const at::Tensor& reference) {
  return (ours.to(at::kDouble) - reference.to(at::kDouble)).abs().max().item<double>() /
         reference.abs().max().item<double>();
}

TEST(LongLlamaHalfWeights, HalfWeightsGiveTheLogitsOfTheirFp32Conversion) {
  const auto checkpoint = tiny_longllama();
  LongLlamaOptions options;
  options.memory.dtype = "float32";  // the weights' precision is under test, not the memory's
  const auto tokens = pseudo_random_tokens(150, 21, checkpoint.config.vocab_size);
  const TokenIds fed = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
  for (at::ScalarType dtype : {at::kBFloat16, at::kHalf}) {
    SCOPED_TRACE(c10::toString(dtype));
    const auto half_checkpoint = with_dtype(checkpoint, dtype);
    LongLlamaBackend half(half_checkpoint, options);
    LongLlamaBackend reference(with_dtype(half_checkpoint, at::kFloat), options);
    ASSERT_EQ(half_checkpoint.tensors.at("model.layers.0.self_attn.q_proj.weight").scalar_type(), dtype);
    EXPECT_LE(relative_error(half.all_logits(tokens), reference.all_logits(tokens)), 1e-5);
    auto half_state = half.encode_prefix(tokens);
    auto reference_state = reference.encode_prefix(tokens);
    EXPECT_LE(relative_error(half.decode_logits(*half_state, fed), reference.decode_logits(*reference_state, fed)),
              1e-5);
  }
}

}  // namespace
}  // namespace fot
