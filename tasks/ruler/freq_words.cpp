// RULER's scripts/data/synthetic/freq_words_extraction.py: random 6-letter "coded words" repeated
// with Zipf frequencies (count of rank k: num_words * k^-alpha / zeta(alpha), truncated); the
// top-ranked word is replaced by "..." noise, and the answer is ranks 2-4.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "common/input_error.h"
#include "tasks/ruler/generator_common.h"
#include "tasks/ruler/generators.h"
#include "tasks/ruler/ruler_templates.h"

namespace fot::ruler {

// Riemann zeta for s > 1 (scipy.special.zeta(s)): Euler-Maclaurin summation in long double, which
// rounds to the same double as SciPy's for the alphas tested (tests/ruler).
double riemann_zeta(double s) {
  if (!(s > 1.0)) throw InputError(fmt::format("RULER fwe: alpha must be > 1 (zeta diverges), got {}", s));
  const long double x = s;
  constexpr int kTerms = 16;
  long double sum = 0.0L;
  for (int n = 1; n < kTerms; ++n) sum += std::pow(static_cast<long double>(n), -x);
  const long double N = kTerms;
  sum += std::pow(N, 1.0L - x) / (x - 1.0L) + std::pow(N, -x) / 2.0L;
  // Bernoulli numbers B_2k / (2k)!
  static const long double kCoefficients[] = {1.0L / 12.0L,        -1.0L / 720.0L,        1.0L / 30240.0L,
                                              -1.0L / 1209600.0L,  1.0L / 47900160.0L,    -691.0L / 1307674368000.0L,
                                              1.0L / 74724249600.0L};
  long double rising = x;                   // s (s+1) ... (s+2k-2)
  long double power = std::pow(N, -x - 1);  // N^(-s-2k+1)
  for (int k = 0; k < 7; ++k) {
    sum += kCoefficients[k] * rising * power;
    rising *= (x + 2 * k + 1) * (x + 2 * k + 2);
    power /= N * N;
  }
  return static_cast<double>(sum);
}

namespace {

const std::string kLowercase = "abcdefghijklmnopqrstuvwxyz";

class FreqWords {
 public:
  FreqWords(const Settings& s, const TokenCounter& count)
      : s_(s), count_(count), rng_(s.random_seed), zeta_(riemann_zeta(s.alpha)) {
    if (s.coded_wordlen < 1) throw InputError("RULER fwe: coded_wordlen must be >= 1");
  }

  std::vector<Sample> samples(int64_t max_seq_length, int64_t num_samples) {
    const int64_t ttg = s_.tokens_to_generate;
    const int64_t max_len = max_seq_length - ttg;
    const int64_t vocab_size = s_.vocab_size == -1 ? max_len / 50 : s_.vocab_size;
    if (vocab_size < 4 || max_len < 32)
      throw InputError(fmt::format("RULER fwe: max_seq_length {} is too short (vocab_size {} needs at least 4 words)",
                                   max_seq_length, vocab_size));
    const int64_t num_example_words = input_output(max_len, -1, vocab_size, max_len / 32).num_words;
    std::vector<Sample> out;
    for (int64_t index = 0; index < num_samples; ++index) {
      Drawn drawn = input_output(max_len, num_example_words, vocab_size, max_len / 32);
      const int64_t length = count_(drawn.text) + ttg;
      out.push_back(split_answer_prefix(drawn.text, Generator::kFreqWords, std::move(drawn.answer), length));
    }
    return out;
  }

 private:
  struct Drawn {
    std::string text;
    std::vector<std::string> answer;
    int64_t num_words = 0;
  };

  std::pair<std::string, std::vector<std::string>> text_of(const std::vector<std::string>& vocab, int64_t num_words) {
    std::vector<const std::string*> sampled;
    for (size_t k = 0; k < vocab.size(); ++k) {
      // num_words * (k ** -alpha) / zeta(alpha), then astype(int)
      const double count =
          static_cast<double>(num_words) * std::pow(static_cast<double>(k + 1), -s_.alpha) / zeta_;
      for (int64_t c = 0; c < static_cast<int64_t>(count); ++c) sampled.push_back(&vocab[k]);
    }
    PythonRandom(s_.random_seed).shuffle(sampled);
    std::string context;
    for (size_t i = 0; i < sampled.size(); ++i) context += (i ? " " : "") + *sampled[i];
    return {python_format(prompt_template(Generator::kFreqWords), {{"context", context}, {"query", ""}}),
            {vocab[1], vocab[2], vocab[3]}};
  }

  Drawn input_output(int64_t max_len, int64_t num_words, int64_t vocab_size, int64_t incremental) {
    std::vector<std::string> vocab;
    for (int64_t i = 0; i < vocab_size; ++i) vocab.push_back(random_choices(rng_, kLowercase, s_.coded_wordlen));
    while (static_cast<int64_t>(std::set<std::string>(vocab.begin(), vocab.end()).size()) < vocab_size)
      vocab.push_back(random_choices(rng_, kLowercase, s_.coded_wordlen));
    std::sort(vocab.begin(), vocab.end());
    vocab.erase(std::unique(vocab.begin(), vocab.end()), vocab.end());
    PythonRandom(s_.random_seed).shuffle(vocab);
    vocab[0] = "...";  // the top rank is noise

    std::pair<std::string, std::vector<std::string>> drawn;
    if (num_words > 0) {
      drawn = text_of(vocab, num_words);
      while (count_(drawn.first) > max_len) {
        if (num_words <= 0) throw InputError(fmt::format("RULER fwe: no text fits in {} tokens", max_len));
        num_words -= incremental;
        drawn = text_of(vocab, num_words);
      }
    } else {
      num_words = max_len / s_.coded_wordlen;
      drawn = text_of(vocab, num_words);
      while (count_(drawn.first) < max_len) {
        num_words += incremental;
        drawn = text_of(vocab, num_words);
      }
      num_words -= incremental;
    }
    drawn = text_of(vocab, num_words);
    return {std::move(drawn.first), std::move(drawn.second), num_words};
  }

  const Settings& s_;
  const TokenCounter& count_;
  PythonRandom rng_;
  double zeta_;
};

}  // namespace

std::vector<Sample> generate_freq_words(const Settings& s, const TokenCounter& count, int64_t max_seq_length,
                                        int64_t num_samples) {
  return FreqWords(s, count).samples(max_seq_length, num_samples);
}

}  // namespace fot::ruler
