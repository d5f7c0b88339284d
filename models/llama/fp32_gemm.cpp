#include "models/llama/fp32_gemm.h"

#include <omp.h>
#include <oneapi/dnnl/dnnl.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "common/input_error.h"
#include "models/parallel_blocks.h"

namespace fot {
namespace {

enum class Backend { kOpenBlas, kOneDnn };

void openblas_gemm(const at::Tensor& x, const at::Tensor& w, at::Tensor& y, bool accumulate) {
  if (accumulate) y.addmm_(x, w.t());
  else at::mm_out(y, x, w.t());
}

// oneDNN runs on OpenMP, whose thread count belongs to the calling thread: set for the call (one
// thread inside run_blocks, as OpenBLAS is held there) and restored after.
void onednn_gemm(const at::Tensor& x, const at::Tensor& w, at::Tensor& y, bool accumulate) {
  const int previous = omp_get_max_threads();
  omp_set_num_threads(static_cast<int>(default_block_threads()));
  const dnnl_status_t status =
      dnnl_sgemm('N', 'T', x.size(0), w.size(0), x.size(1), 1.0f, x.data_ptr<float>(), x.stride(0),
                 w.data_ptr<float>(), w.stride(0), accumulate ? 1.0f : 0.0f, y.data_ptr<float>(), y.stride(0));
  omp_set_num_threads(previous);
  if (status != dnnl_success) throw std::runtime_error(fmt::format("oneDNN sgemm failed (status {})", int(status)));
}

void run(Backend backend, const at::Tensor& x, const at::Tensor& w, at::Tensor& y, bool accumulate) {
  if (backend == Backend::kOneDnn) onednn_gemm(x, w, y, accumulate);
  else openblas_gemm(x, w, y, accumulate);
}

// FOT_FP32_GEMM pins the backend (for byte-identical reruns across machines or loads).
const Backend* pinned_backend() {
  static const Backend* pinned = []() -> const Backend* {
    static Backend value;
    const char* env = std::getenv("FOT_FP32_GEMM");
    if (!env || !*env || !std::strcmp(env, "measure")) return nullptr;
    if (!std::strcmp(env, "openblas")) value = Backend::kOpenBlas;
    else if (!std::strcmp(env, "onednn")) value = Backend::kOneDnn;
    else throw InputError(fmt::format("FOT_FP32_GEMM must be openblas, onednn or measure, got '{}'", env));
    return &value;
  }();
  return pinned;
}

int64_t row_bucket(int64_t rows) {
  int64_t bucket = 0;
  while (rows >>= 1) ++bucket;
  return bucket;
}

// oneDNN is taken only when clearly faster: within this margin OpenBLAS, the earlier path, stays,
// so close calls do not flip with the machine's load.
constexpr double kOneDnnMargin = 1.1;

// Weights of fewer elements (a 1024 x 1024 matrix) never leave OpenBLAS unless FOT_FP32_GEMM says so.
constexpr int64_t kMeasuredFromWeights = int64_t{1} << 20;

// Shape classes measured so far: (kind of product, output columns, inner dimension, power-of-two rows).
using ShapeClass = std::tuple<int, int64_t, int64_t, int64_t>;

// The backend for `key`, timing `product` on both (after a warm-up call each) the first time the
// class is seen.
Backend measured_backend(const ShapeClass& key, const std::function<void(Backend)>& product) {
  static std::mutex mutex;
  static std::map<ShapeClass, Backend> chosen;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = chosen.find(key);
    if (it != chosen.end()) return it->second;
  }
  auto seconds_of = [&](Backend backend) {
    const auto start = std::chrono::steady_clock::now();
    product(backend);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  // Untimed calls first. oneDNN's first products in a process run at half its speed: its first four
  // at 512 x 3200 x 3200 took as long as OpenBLAS's, later ones 1.75x less, which kept a 512-token
  // prefill's q/k/v/o on OpenBLAS (exact prefill 0.65 of the GEMM rate; 0.83 with this warm-up).
  static std::once_flag process_warm_up;
  std::call_once(process_warm_up, [&] {
    for (int rep = 0; rep < 4; ++rep) product(Backend::kOneDnn);
  });
  product(Backend::kOpenBlas);
  product(Backend::kOneDnn);
  double openblas = 1e30, onednn = 1e30;
  for (int rep = 0; rep < 2; ++rep) {  // interleaved, best of two: drift only slows a run down
    openblas = std::min(openblas, seconds_of(Backend::kOpenBlas));
    onednn = std::min(onednn, seconds_of(Backend::kOneDnn));
  }
  const Backend pick = onednn * kOneDnnMargin < openblas ? Backend::kOneDnn : Backend::kOpenBlas;
  std::lock_guard<std::mutex> lock(mutex);
  return chosen.emplace(key, pick).first->second;  // a concurrent first measurement may have won
}

Backend measured_backend(const at::Tensor& x, const at::Tensor& w) {
  auto scratch = at::empty({x.size(0), w.size(0)}, x.options());
  return measured_backend({0, w.size(0), w.size(1), row_bucket(x.size(0))},
                          [&](Backend backend) { run(backend, x, w, scratch, false); });
}

// Products inside a block of run_blocks: OpenBLAS is held at one thread there, and oneDNN's OpenMP
// team is set to one thread for the call.
void one_thread_product(Backend backend, const at::Tensor& x, const at::Tensor& b, GemmOperand operand, at::Tensor& y) {
  const bool rows_of_w = operand == GemmOperand::kWeightRows;
  if (backend == Backend::kOpenBlas) {
    at::mm_out(y, x, rows_of_w ? b.t() : b);
    return;
  }
  const int previous = omp_get_max_threads();
  omp_set_num_threads(1);
  const int64_t n = rows_of_w ? b.size(0) : b.size(1);
  const dnnl_status_t status = dnnl_sgemm('N', rows_of_w ? 'T' : 'N', x.size(0), n, x.size(1), 1.0f,
                                          x.data_ptr<float>(), x.stride(0), b.data_ptr<float>(), b.stride(0), 0.0f,
                                          y.data_ptr<float>(), y.stride(0));
  omp_set_num_threads(previous);
  if (status != dnnl_success) throw std::runtime_error(fmt::format("oneDNN sgemm failed (status {})", int(status)));
}

// Smaller one-thread products (every one of the small models' attention blocks) stay on OpenBLAS
// unless pinned, for the same reason as kMeasuredFromWeights.
constexpr int64_t kMeasuredFromProduct = int64_t{1} << 22;

}  // namespace

void fp32_gemm(const at::Tensor& x, const at::Tensor& w, at::Tensor& y, bool accumulate) {
  if (x.dim() != 2 || w.dim() != 2 || y.dim() != 2 || x.size(1) != w.size(1) || y.size(0) != x.size(0) ||
      y.size(1) != w.size(0) || x.scalar_type() != at::kFloat || w.scalar_type() != at::kFloat ||
      y.scalar_type() != at::kFloat)
    throw std::invalid_argument("fp32_gemm: x [M, K], w [N, K] and y [M, N] must be fp32");
  const bool plain_layout = x.stride(1) == 1 && w.is_contiguous() && y.is_contiguous();
  if (!plain_layout || x.numel() == 0 || w.numel() == 0) return openblas_gemm(x, w, y, accumulate);
  const Backend* pinned = pinned_backend();
  // Small weights (the shipped models, stories260K) stay on OpenBLAS, the earlier path: their products
  // are cheap, and a timed choice would let their results' last bits depend on the machine's load.
  if (!pinned && w.numel() < kMeasuredFromWeights) return openblas_gemm(x, w, y, accumulate);
  run(pinned ? *pinned : measured_backend(x, w), x, w, y, accumulate);
}

void fp32_gemm_one_thread(const at::Tensor& x, const at::Tensor& b, GemmOperand operand, at::Tensor& y) {
  const bool rows_of_w = operand == GemmOperand::kWeightRows;
  const int64_t k = rows_of_w ? b.size(1) : b.size(0), n = rows_of_w ? b.size(0) : b.size(1);
  if (x.dim() != 2 || b.dim() != 2 || y.dim() != 2 || x.size(1) != k || y.size(0) != x.size(0) || y.size(1) != n ||
      x.scalar_type() != at::kFloat || b.scalar_type() != at::kFloat || y.scalar_type() != at::kFloat ||
      x.stride(1) != 1 || b.stride(1) != 1 || !y.is_contiguous())
    throw std::invalid_argument("fp32_gemm_one_thread: x [M, K], b ([N, K] or [K, N]) and y [M, N] must be fp32 rows");
  const Backend* pinned = pinned_backend();
  if (!pinned && x.size(0) * n * k < kMeasuredFromProduct)
    return one_thread_product(Backend::kOpenBlas, x, b, operand, y);
  const Backend backend =
      pinned ? *pinned
             : measured_backend({rows_of_w ? 1 : 2, row_bucket(n), row_bucket(k), row_bucket(x.size(0))},
                                [&](Backend candidate) { one_thread_product(candidate, x, b, operand, y); });
  one_thread_product(backend, x, b, operand, y);
}

std::vector<Fp32GemmBackend> fp32_gemm_backends() {
  return {{"OpenBLAS", [](const at::Tensor& x, const at::Tensor& w, at::Tensor& y) { openblas_gemm(x, w, y, false); }},
          {"oneDNN", [](const at::Tensor& x, const at::Tensor& w, at::Tensor& y) { onednn_gemm(x, w, y, false); }}};
}

}  // namespace fot
