// What RULER's four generator scripts share: the draws they make with Python's random module,
// the search for the largest haystack that fits, the per-sample retry loop, and the split of a
// prompt at its answer prefix. Internal to tasks/ruler.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tasks/ruler/ruler_settings.h"
#include "tasks/common/python/random.h"

namespace fot::ruler {

using python::PythonRandom;

// ''.join(random.choices(alphabet, k=k))
std::string random_choices(PythonRandom& rng, const std::string& alphabet, int64_t k);

// A draw that RULER's code would retry (an exception its sample loop catches), e.g. a variable
// chain cut short by a repeated name.
struct RetryDraw : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The binary search of RULER's generate_samples: the largest size in [lower, upper] whose prompt
// fits (fits(size) draws a whole prompt, as RULER does); `incremental` when none does.
int64_t largest_fitting_size(int64_t lower, int64_t upper, int64_t incremental,
                             const std::function<bool(int64_t)>& fits);

// RULER's per-sample loop: try `size`, and after a prompt that does not fit (or a RetryDraw),
// `size - incremental` while size > incremental. Returns the prompt's token length plus
// tokens_to_generate. `attempt` draws a prompt of the given size and returns that length.
int64_t draw_fitting_sample(int64_t size, int64_t incremental, int64_t max_seq_length, const char* task,
                            const std::function<int64_t(int64_t)>& attempt);

// A prompt as a generator draws it: the whole text (answer prefix included) and the references.
struct Prompt {
  std::string text;
  std::vector<std::string> outputs;
};

// RULER's generate_samples: the largest size in [incremental, upper] whose prompt (from
// `search_draw`) plus `search_reserve` tokens fits, then `num_samples` prompts from `sample_draw` at
// that size (draw_fitting_sample, `sample_reserve` tokens added), split at the answer prefix.
std::vector<Sample> search_and_draw(const TokenCounter& count, Generator generator, int64_t max_seq_length,
                                    int64_t num_samples, int64_t incremental, int64_t upper, int64_t search_reserve,
                                    int64_t sample_reserve, const std::function<Prompt(int64_t)>& search_draw,
                                    const std::function<Prompt(int64_t)>& sample_draw);

// The final text split as RULER splits it: at the last occurrence of the first 10 characters of
// the task's answer prefix.
Sample split_answer_prefix(const std::string& text, Generator generator, std::vector<std::string> outputs,
                           int64_t length);

// Python's float floor division a // b for b > 0.
double python_floordiv(double a, double b);

}  // namespace fot::ruler
