// One function per RULER generator script: the first `num_samples` samples it writes for one
// max_seq_length. Internal to tasks/ruler (ruler_generator.h dispatches).
#pragma once

#include <vector>

#include "tasks/ruler/ruler_settings.h"

namespace fot::ruler {

std::vector<Sample> generate_niah(const Settings& s, const TokenCounter& count, int64_t max_seq_length,
                                  int64_t num_samples);
std::vector<Sample> generate_variable_tracking(const Settings& s, const TokenCounter& count, int64_t max_seq_length,
                                               int64_t num_samples);
std::vector<Sample> generate_common_words(const Settings& s, const TokenCounter& count, int64_t max_seq_length,
                                          int64_t num_samples);
std::vector<Sample> generate_freq_words(const Settings& s, const TokenCounter& count, int64_t max_seq_length,
                                        int64_t num_samples);

// scipy.special.zeta(s) for s > 1, the normaliser of fwe's word counts.
double riemann_zeta(double s);

}  // namespace fot::ruler
