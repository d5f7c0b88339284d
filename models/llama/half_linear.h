// Matrix products with weights held in bf16 or fp16, without keeping an fp32 copy of them: one or a
// few activation rows (decoding) read the half-precision rows directly; more rows (prefill) convert
// the weights, up to 128 MiB of whole rows at a time, into reused memory ahead of the fp32 GEMM.
// Both accumulate in fp32: results differ from the converted weights' product only by summation order.
#pragma once

#include <ATen/ATen.h>

namespace fot {

// True for the weight dtypes half_linear takes (bf16, fp16).
bool is_half_weight(const at::Tensor& w);

// Up to this many activation rows, half_linear reads the half-precision weights once per 4 rows
// (matrix-vector kernel); more rows convert them in panels for the fp32 GEMM.
constexpr int64_t kMaxHalfGemvRows = 8;

// x [T, in] fp32 times w^T, w [out, in] bf16 or fp16; fp32 [T, out].
at::Tensor half_linear(const at::Tensor& x, const at::Tensor& w);

// Up to this many rows, few_rows_linear reads fp32 weights once, where a GEMM would first pack them.
constexpr int64_t kMaxFloatGemvRows = 4;

// x [T <= kMaxFloatGemvRows, in] fp32 times w^T, w [out, in] fp32, bf16 or fp16: the weights are
// read once, as stored, on the block threads (decoding steps).
at::Tensor few_rows_linear(const at::Tensor& x, const at::Tensor& w);

// A contiguous fp32 copy of a bf16 or fp16 tensor, converted on the block threads with streaming
// stores into memory backed by huge pages where the kernel offers them (loading weights into fp32).
at::Tensor half_to_float_tensor(const at::Tensor& t);

}  // namespace fot
