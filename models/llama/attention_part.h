// Attention computed in parts that are merged under one softmax: the local causal part and,
// for FoT memory layers, the memory part. Each part returns its output normalised within the
// part plus the log-sum-exp of its (scaled) scores, so merge() is exact (flash-attention style).
#pragma once

#include <ATen/ATen.h>

#include <vector>

namespace fot {

struct AttentionPart {
  at::Tensor out;  // [H, Tq, D] fp32, softmax-weighted values of this part alone
  at::Tensor lse;  // [H, Tq] fp32, log(sum(exp(score))) over this part's keys
};

// One softmax over the union of the parts' keys.
at::Tensor merge_attention_parts(const std::vector<AttentionPart>& parts);

// Causal attention of queries q [H, Tq, D] (already rotated) over local keys k/v [Hkv, Tk, D]
// (keys already rotated). Query i sits at key position q_offset + i and sees keys 0..q_offset+i.
// H must be a multiple of Hkv (grouped-query attention). Scale 1/sqrt(D).
// Without `with_lse` the result's lse is undefined (cheaper: one fused softmax per block); such a
// part cannot be merged.
AttentionPart causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t q_offset,
                               bool with_lse = true);

// Attention with lse of queries q [H, Tq, D] (rotated) over keys/values [Hkv, Tk, D]: every query
// sees every key, or, with `visible` [Tq, Tk] bool, the keys it marks (each row must mark one at
// least). The parts of cached keys and of tree-shaped batches of new tokens.
AttentionPart dense_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                              const at::Tensor& visible = at::Tensor());

}  // namespace fot
