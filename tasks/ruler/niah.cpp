// RULER's scripts/data/synthetic/niah.py: needles "One of the special magic {type_needle_v} for
// {key} is: {value}." in a haystack of repeated noise sentences, of other needles, or of essays.
#include <fmt/format.h>

#include <algorithm>

#include "common/input_error.h"
#include "tasks/ruler/generator_common.h"
#include "tasks/ruler/generators.h"
#include "tasks/ruler/ruler_data.h"
#include "tasks/ruler/ruler_templates.h"

namespace fot::ruler {
namespace {

const char* const kNoise = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again.";
const char* const kNeedle = "One of the special magic {type_needle_v} for {key} is: {value}.";

class Niah {
 public:
  Niah(const Settings& s, const TokenCounter& count) : s_(s), count_(count), rng_(s.random_seed) {
    num_needle_k_ = std::max(s.num_needle_k, s.num_needle_q);
    for (const std::string* type : {&s.type_needle_k, &s.type_needle_v})
      if (*type != "numbers" && *type != "words" && *type != "uuids")
        throw InputError(fmt::format("RULER niah: needle type '{}' is not one of numbers, words, uuids", *type));
    if (s.type_haystack == "essay") {
      paul_graham_essays(s.data_dir);  // names the missing file first
      throw InputError(
          "RULER niah: the essay haystack splits sentences with NLTK's Punkt model (sent_tokenize), which this "
          "harness does not reproduce; use type_haystack: noise or needle");
    }
    if (s.type_haystack != "noise" && s.type_haystack != "needle")
      throw InputError(fmt::format("RULER niah: type_haystack '{}' is not one of noise, essay, needle", s.type_haystack));
    if (s.type_needle_k == "words" || s.type_needle_v == "words") words_ = &key_words(s.data_dir);
  }

  std::vector<Sample> samples(int64_t max_seq_length, int64_t num_samples) {
    const int64_t ttg = s_.tokens_to_generate;
    int64_t incremental = 25;  // noise and needle haystacks
    if (max_seq_length < 4096) incremental = 5;

    const double tokens_per_haystack =
        static_cast<double>(count_(input_output(incremental).text)) / static_cast<double>(incremental);
    const auto estimated = static_cast<int64_t>((static_cast<double>(max_seq_length) / tokens_per_haystack) * 3);
    const auto draw = [&](int64_t size) { return input_output(size); };
    return search_and_draw(count_, Generator::kNiah, max_seq_length, num_samples, incremental,
                           std::max(estimated, incremental * 2), ttg, ttg, draw, draw);
  }

 private:
  std::string random_value(const std::string& type) {
    if (type == "numbers") return std::to_string(1000000 + rng_.randbelow(9000000));  // randint(10**6, 10**7 - 1)
    if (type == "words") return words_->at(rng_.randbelow(words_->size()));          // random.choice(words)
    return python::uuid4_string(rng_);
  }

  std::string needle(const std::string& key, const std::string& value) const {
    return python_format(kNeedle, {{"type_needle_v", s_.type_needle_v}, {"key", key}, {"value", value}});
  }

  Prompt input_output(int64_t num_haystack) {
    std::vector<std::string> keys, needles;
    std::vector<std::vector<std::string>> values;
    for (int64_t k = 0; k < num_needle_k_; ++k) {
      keys.push_back(random_value(s_.type_needle_k));
      std::vector<std::string> value;
      for (int64_t v = 0; v < s_.num_needle_v; ++v) {
        value.push_back(random_value(s_.type_needle_v));
        needles.push_back(needle(keys.back(), value.back()));
      }
      values.push_back(std::move(value));
    }
    PythonRandom(s_.random_seed).shuffle(needles);

    std::vector<std::string> sentences;
    sentences.reserve(static_cast<size_t>(num_haystack) + needles.size());
    if (s_.type_haystack == "noise") {
      sentences.assign(static_cast<size_t>(num_haystack), kNoise);
    } else {
      for (int64_t i = 0; i < num_haystack; ++i) {
        std::string key = random_value(s_.type_needle_k);  // key= before value= in the format call
        sentences.push_back(needle(key, random_value(s_.type_needle_v)));
      }
    }
    if (needles.size() > static_cast<size_t>(num_haystack))
      throw InputError(fmt::format("RULER niah: a haystack of {} sentences cannot hold {} needles", num_haystack,
                                   needles.size()));
    std::vector<size_t> indexes = rng_.sample_indices(static_cast<size_t>(num_haystack), needles.size());
    std::sort(indexes.rbegin(), indexes.rend());
    for (size_t i = 0; i < indexes.size(); ++i)
      sentences.insert(sentences.begin() + static_cast<std::ptrdiff_t>(indexes[i]), needles[i]);
    std::string context;
    for (size_t i = 0; i < sentences.size(); ++i) context += (i ? "\n" : "") + sentences[i];

    const std::vector<size_t> indices =
        rng_.sample_indices(static_cast<size_t>(num_needle_k_), static_cast<size_t>(s_.num_needle_q));
    std::vector<std::string> queries, answers;
    for (size_t i : indices) {
      queries.push_back(keys[i]);
      answers.insert(answers.end(), values[i].begin(), values[i].end());
    }
    std::string query = queries.back();
    if (queries.size() > 1) {
      query.clear();
      for (size_t i = 0; i + 1 < queries.size(); ++i) query += (i ? ", " : "") + queries[i];
      query += ", and " + queries.back();
    }

    std::string text = prompt_template(Generator::kNiah);
    std::string type_needle_v = s_.type_needle_v;
    if (s_.num_needle_q * s_.num_needle_v == 1) {
      text = replace_all(text, "Some", "A");
      text = replace_all(text, "are all", "is");
      text = replace_all(text, "are", "is");
      text = replace_all(text, "answers", "answer");
      type_needle_v.pop_back();  // "numbers" -> "number"
    }
    return {python_format(text, {{"type_needle_v", type_needle_v}, {"context", context}, {"query", query}}),
            std::move(answers)};
  }

  const Settings& s_;
  const TokenCounter& count_;
  PythonRandom rng_;
  int64_t num_needle_k_ = 1;
  const KeyWords* words_ = nullptr;
};

}  // namespace

std::vector<Sample> generate_niah(const Settings& s, const TokenCounter& count, int64_t max_seq_length,
                                  int64_t num_samples) {
  return Niah(s, count).samples(max_seq_length, num_samples);
}

}  // namespace fot::ruler
