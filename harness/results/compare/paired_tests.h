// Paired significance tests for `fot-eval compare` and the memory-configuration report: the exact
// McNemar test for 0/1 metrics and a seeded paired bootstrap for continuous metrics and for means
// over draws.
#pragma once

#include <cstdint>
#include <vector>

namespace fot {

// Two-sided exact McNemar test: a binomial test of b successes in b + c discordant pairs at p = 1/2
// (b: pairs right in the baseline and wrong in the candidate, c: the reverse). Equals
// scipy.stats.binomtest(b, b + c, 0.5).pvalue; 1 when there is no discordant pair.
double mcnemar_exact_p(int64_t b, int64_t c);

struct BootstrapResult {
  double difference = 0.0;  // mean(candidate) - mean(baseline) over the units
  double p_value = 1.0;     // two-sided: 2 * min(P*(d <= 0), P*(d >= 0)), capped at 1; 1 for one unit
  double ci_low = 0.0, ci_high = 0.0;  // 2.5 and 97.5 percentiles of the resampled differences
};

// Resamples paired units (samples, or per-draw means) with replacement `resamples` times from a
// SplitMix64 stream seeded with `seed`: the same inputs and seed give the same result everywhere.
// baseline and candidate have equal, non-zero sizes.
BootstrapResult paired_bootstrap(const std::vector<double>& baseline, const std::vector<double>& candidate,
                                 uint64_t seed, int64_t resamples);

}  // namespace fot
