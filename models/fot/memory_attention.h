// Attention of a window's queries over one layer's FoT memory, as one AttentionPart to be merged
// with the local causal part under a single softmax (docs/longllama-semantics.md section 4).
//
// Computed block by block (heads x queries x memory chunk, the idea of `mem_attention_grouping`) with
// an online log-sum-exp softmax, so no [H x Tq x M] score tensor ever exists; memory keys and values
// are cast from the storage dtype to fp32 one chunk at a time.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "models/fot/memory_store.h"
#include "models/llama/attention_part.h"

namespace fot {

struct MemoryAttentionOptions {
  int64_t top_k = 0;              // 0: dense over all memory; k > 0: exact top-k keys per (query, head)
  // Block shape. The defaults keep a block's scores (1 x 512 x 512 fp32 = 1 MiB for a 512-token
  // window) in a core's L2 cache, so the softmax passes over them do not go to memory: with 3B shapes
  // a 512-token chunk measured 1.5x faster than 2048 on the 2-core dev machine.
  int64_t heads_per_block = 1;    // query heads per block; 0 = all heads
  int64_t queries_per_block = 0;  // queries per block; 0 = all queries
  int64_t memory_chunk = 512;     // memory tokens per chunk (chunks also end at segment boundaries); > 0
  // Threads that compute blocks side by side, each block's products on one BLAS thread (the products
  // of one block are too small to split well, and the softmax passes between them run on one core).
  // 0 = as many as OpenBLAS may use now (1 when the caller already pinned it, e.g. harness workers).
  // Results do not depend on it.
  int64_t threads = 0;
};

// Scores below this are clamped (after any mask), as the reference does for fp32/bf16.
constexpr float kMemoryScoreClamp = -1e6f;

// q: [H, Tq, D] fp32, rotated at the queries' window-relative positions. H must be a multiple of the
// memory's Hkv. Scores are (q . k) / sqrt(D), clamped at kMemoryScoreClamp.
// Returns out [H, Tq, D] (softmax over the selected memory keys alone) and lse [H, Tq].
// Empty memory gives out = 0 and lse = -inf (a part that contributes nothing to a merge).
// Top-k with k >= M is dense attention. Invalid options throw InputError naming the field.
AttentionPart memory_attention(const at::Tensor& q, const MemoryStore& memory, const MemoryAttentionOptions& options);

// Same over explicit spans (each [Hkv, n, D]); the store overload forwards here.
AttentionPart memory_attention(const at::Tensor& q, const std::vector<MemorySpan>& spans,
                               const MemoryAttentionOptions& options);

// Throws InputError naming the field ("mem_topk", "heads_per_block", ...) when an option is invalid.
void validate(const MemoryAttentionOptions& options);

}  // namespace fot
