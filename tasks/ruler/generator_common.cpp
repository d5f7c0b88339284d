#include "tasks/ruler/generator_common.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "common/input_error.h"
#include "tasks/ruler/ruler_templates.h"

namespace fot::ruler {

std::string random_choices(PythonRandom& rng, const std::string& alphabet, int64_t k) {
  std::string out;
  for (size_t i : rng.choices_indices(alphabet.size(), static_cast<size_t>(k))) out += alphabet[i];
  return out;
}

int64_t largest_fitting_size(int64_t lower, int64_t upper, int64_t incremental,
                             const std::function<bool(int64_t)>& fits) {
  int64_t best = -1;
  while (lower <= upper) {
    const int64_t mid = (lower + upper) / 2;  // both positive: // and / agree
    if (fits(mid)) {
      best = mid;
      lower = mid + 1;
    } else {
      upper = mid - 1;
    }
  }
  return best >= 0 ? best : incremental;
}

int64_t draw_fitting_sample(int64_t size, int64_t incremental, int64_t max_seq_length, const char* task,
                            const std::function<int64_t(int64_t)>& attempt) {
  // RULER loops for ever when even the smallest size does not fit; here that is an error.
  constexpr int kMaxRetriesAtSmallest = 1000;
  int retries = 0;
  for (;;) {
    bool too_long = false;
    try {
      const int64_t length = attempt(size);
      if (length <= max_seq_length) return length;
      too_long = true;
    } catch (const RetryDraw&) {
    }
    if (size > incremental) {
      size -= incremental;
    } else if (too_long || ++retries > kMaxRetriesAtSmallest) {
      throw InputError(fmt::format("RULER {}: max_seq_length {} is too short for the smallest prompt RULER draws",
                                   task, max_seq_length));
    }
  }
}

std::vector<Sample> search_and_draw(const TokenCounter& count, Generator generator, int64_t max_seq_length,
                                    int64_t num_samples, int64_t incremental, int64_t upper, int64_t search_reserve,
                                    int64_t sample_reserve, const std::function<Prompt(int64_t)>& search_draw,
                                    const std::function<Prompt(int64_t)>& sample_draw) {
  const int64_t size = largest_fitting_size(incremental, upper, incremental, [&](int64_t mid) {
    return count(search_draw(mid).text) + search_reserve <= max_seq_length;
  });
  std::vector<Sample> out;
  for (int64_t index = 0; index < num_samples; ++index) {
    Prompt drawn;
    const int64_t length =
        draw_fitting_sample(size, incremental, max_seq_length, generator_name(generator), [&](int64_t at) {
          drawn = sample_draw(at);
          return count(drawn.text) + sample_reserve;
        });
    out.push_back(split_answer_prefix(drawn.text, generator, std::move(drawn.outputs), length));
  }
  return out;
}

Sample split_answer_prefix(const std::string& text, Generator generator, std::vector<std::string> outputs,
                           int64_t length) {
  const std::string marker = task_template(generator).answer_prefix.substr(0, 10);
  const size_t at = text.rfind(marker);
  // The prompt template always ends with the answer prefix.
  if (at == std::string::npos) throw std::logic_error("RULER prompt without its answer prefix");
  Sample sample;
  sample.input = text.substr(0, at);
  sample.answer_prefix = text.substr(at);
  sample.outputs = std::move(outputs);
  sample.length = length;
  return sample;
}

double python_floordiv(double a, double b) {
  // CPython's float_floor_div (Objects/floatobject.c, float_divmod), for finite a and b > 0.
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
  if (div != 0.0) {
    double floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
  }
  return std::copysign(0.0, a / b);
}

}  // namespace fot::ruler
