// RULER's scripts/data/synthetic/common_words_extraction.py: a numbered list in which num_cw words
// appear freq_cw times and the others freq_ucw times, after one worked example.
#include <fmt/format.h>

#include <algorithm>

#include "common/input_error.h"
#include "tasks/ruler/generator_common.h"
#include "tasks/ruler/generators.h"
#include "tasks/ruler/ruler_data.h"
#include "tasks/ruler/ruler_templates.h"

namespace fot::ruler {
namespace {

std::string numbered(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += fmt::format("{}{}. {}", i ? " " : "", i + 1, words[i]);
  return out;
}

class CommonWords {
 public:
  CommonWords(const Settings& s, const TokenCounter& count)
      : s_(s), count_(count), rng_(s.random_seed), words_(common_words(s.data_dir)) {
    PythonRandom(s.random_seed).shuffle(words_);
  }

  std::vector<Sample> samples(int64_t max_seq_length, int64_t num_samples) {
    short_ = max_seq_length < 4096;
    const int64_t ttg = s_.tokens_to_generate, incremental = 10;
    const double tokens_per_word = static_cast<double>(count_(input_output(4096).text)) / 4096.0;
    const auto estimated =
        static_cast<int64_t>(python_floordiv(static_cast<double>(max_seq_length), tokens_per_word)) * 2;
    const auto draw = [&](int64_t size) { return input_output(size); };
    return search_and_draw(count_, Generator::kCommonWords, max_seq_length, num_samples, incremental,
                           std::max(estimated, incremental * 2), ttg, ttg, draw, draw);
  }

 private:
  // get_example: the list as text, and its common words.
  std::pair<std::string, std::vector<std::string>> example(int64_t num_words, int64_t common_repeats,
                                                           int64_t uncommon_repeats) {
    const bool from_lists = num_words <= static_cast<int64_t>(words_.size());
    const std::vector<std::string>& source = from_lists ? words_ : english_words(s_.data_dir);
    if (num_words > static_cast<int64_t>(source.size()))
      throw InputError(fmt::format("RULER cwe: {} distinct words needed, english_words.json holds {}", num_words,
                                   source.size()));
    std::vector<std::string> full;
    for (size_t i : rng_.sample_indices(source.size(), static_cast<size_t>(num_words))) full.push_back(source[i]);
    const size_t split = std::min(full.size(), static_cast<size_t>(s_.num_cw));
    std::vector<std::string> common(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(split));
    std::vector<std::string> list;
    for (int64_t r = 0; r < common_repeats; ++r) list.insert(list.end(), common.begin(), common.end());
    for (int64_t r = 0; r < uncommon_repeats; ++r)
      list.insert(list.end(), full.begin() + static_cast<std::ptrdiff_t>(split), full.end());
    PythonRandom(s_.random_seed).shuffle(list);
    return {numbered(list), std::move(common)};
  }

  std::string fill(const std::string& context) const {
    return python_format(prompt_template(Generator::kCommonWords),
                         {{"num_cw", std::to_string(s_.num_cw)}, {"context", context}, {"query", ""}});
  }

  Prompt input_output(int64_t num_words) {
    std::vector<std::pair<std::string, std::vector<std::string>>> shots;
    std::pair<std::string, std::vector<std::string>> task;
    if (short_) {
      for (int64_t n = 0; n < s_.num_fewshot; ++n) shots.push_back(example(20, 3, 1));
      task = example(num_words, 6, 1);
    } else {
      for (int64_t n = 0; n < s_.num_fewshot; ++n) shots.push_back(example(40, 10, 3));
      task = example(num_words, s_.freq_cw, s_.freq_ucw);
    }
    std::string text;
    for (size_t n = 0; n < shots.size(); ++n)
      text += (n ? "\n" : "") + fill(shots[n].first) + " " + numbered(shots[n].second);
    return {text + "\n" + fill(task.first), std::move(task.second)};
  }

  const Settings& s_;
  const TokenCounter& count_;
  PythonRandom rng_;
  std::vector<std::string> words_;
  bool short_ = false;  // RULER's args.max_seq_length < 4096: smaller repeats
};

}  // namespace

std::vector<Sample> generate_common_words(const Settings& s, const TokenCounter& count, int64_t max_seq_length,
                                          int64_t num_samples) {
  return CommonWords(s, count).samples(max_seq_length, num_samples);
}

}  // namespace fot::ruler
