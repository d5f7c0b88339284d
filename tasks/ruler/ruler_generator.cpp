#include "tasks/ruler/ruler_generator.h"

#include <fmt/format.h>

#include "common/input_error.h"
#include "tasks/ruler/generators.h"

namespace fot::ruler {

std::vector<Sample> generate_samples(const Settings& settings, const TokenCounter& count_tokens,
                                     int64_t max_seq_length, int64_t num_samples) {
  if (max_seq_length <= settings.tokens_to_generate)
    throw InputError(fmt::format("RULER: max_seq_length {} leaves no room for a prompt before tokens_to_generate {}",
                                 max_seq_length, settings.tokens_to_generate));
  switch (settings.generator) {
    case Generator::kNiah: return generate_niah(settings, count_tokens, max_seq_length, num_samples);
    case Generator::kVariableTracking:
      return generate_variable_tracking(settings, count_tokens, max_seq_length, num_samples);
    case Generator::kCommonWords: return generate_common_words(settings, count_tokens, max_seq_length, num_samples);
    case Generator::kFreqWords: return generate_freq_words(settings, count_tokens, max_seq_length, num_samples);
  }
  return {};
}

}  // namespace fot::ruler
