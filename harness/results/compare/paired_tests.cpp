#include "harness/results/compare/paired_tests.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "tasks/common/rng.h"

namespace fot {

double mcnemar_exact_p(int64_t b, int64_t c) {
  if (b < 0 || c < 0) throw std::invalid_argument("mcnemar_exact_p: negative count");
  const int64_t n = b + c;
  if (n == 0 || b == c) return 1.0;
  const int64_t k = std::min(b, c);
  // P(X <= k) for X ~ Binomial(n, 1/2), summed from the smallest term up for accuracy.
  const double log_half_n = -static_cast<double>(n) * std::log(2.0);
  const double log_n_fact = std::lgamma(static_cast<double>(n) + 1.0);
  double tail = 0.0;
  for (int64_t i = 0; i <= k; ++i)
    tail += std::exp(log_n_fact - std::lgamma(static_cast<double>(i) + 1.0) -
                     std::lgamma(static_cast<double>(n - i) + 1.0) + log_half_n);
  return std::min(1.0, 2.0 * tail);
}

BootstrapResult paired_bootstrap(const std::vector<double>& baseline, const std::vector<double>& candidate,
                                 uint64_t seed, int64_t resamples) {
  if (baseline.size() != candidate.size() || baseline.empty() || resamples < 1)
    throw std::invalid_argument("paired_bootstrap: needs equal, non-empty samples and resamples >= 1");
  const size_t n = baseline.size();
  std::vector<double> diff(n);
  double observed = 0.0;
  for (size_t i = 0; i < n; ++i) {
    diff[i] = candidate[i] - baseline[i];
    observed += diff[i];
  }
  BootstrapResult out;
  out.difference = observed / static_cast<double>(n);
  SplitMix64 rng(seed);
  std::vector<double> means(static_cast<size_t>(resamples));
  int64_t at_most_zero = 0, at_least_zero = 0;
  for (auto& mean : means) {
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i) sum += diff[rng.below(n)];
    mean = sum / static_cast<double>(n);
    // Exact zero (all resampled differences zero) counts on both sides.
    if (mean <= 1e-12) ++at_most_zero;
    if (mean >= -1e-12) ++at_least_zero;
  }
  out.p_value = std::min(1.0, 2.0 * static_cast<double>(std::min(at_most_zero, at_least_zero)) /
                                  static_cast<double>(resamples));
  if (n < 2) out.p_value = 1.0;  // one unit: no spread to test against
  std::sort(means.begin(), means.end());
  auto percentile = [&](double q) {
    const double pos = q * static_cast<double>(means.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, means.size() - 1);
    return means[lo] + (pos - static_cast<double>(lo)) * (means[hi] - means[lo]);
  };
  out.ci_low = percentile(0.025);
  out.ci_high = percentile(0.975);
  return out;
}

}  // namespace fot
