// RULER's scripts/data/synthetic/variable_tracking.py: chains "VAR B = VAR A" hidden among noise
// sentences, after one worked example (itself generated first, with 3-letter names, then renamed
// for every sample as RULER's randomize_icl does).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/input_error.h"
#include "tasks/common/python/numpy_random.h"
#include "tasks/ruler/generator_common.h"
#include "tasks/ruler/generators.h"
#include "tasks/ruler/ruler_data.h"
#include "tasks/ruler/ruler_templates.h"

namespace fot::ruler {
namespace {

const char* const kNoise = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again.";
const std::string kUppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

std::vector<std::string> split_whitespace(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text) {
    const bool space = c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
    if (!space) word += c;
    else if (!word.empty()) out.push_back(std::move(word)), word.clear();
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

class VariableTracking {
 public:
  VariableTracking(const Settings& s, const TokenCounter& count)
      : s_(s), count_(count), rng_(s.random_seed), numpy_(s.random_seed) {
    if (s.type_haystack == "essay") {
      paul_graham_essays(s.data_dir);  // names the missing file first
      throw InputError(
          "RULER vt: the essay haystack splits sentences with NLTK's Punkt model (sent_tokenize), which this harness "
          "does not reproduce; use type_haystack: noise");
    }
    if (s.type_haystack != "noise")
      throw InputError(fmt::format("RULER vt: type_haystack '{}' is not one of noise, essay", s.type_haystack));
  }

  std::vector<Sample> samples(int64_t max_seq_length, int64_t num_samples) {
    // RULER's main(): one example prompt of at most 500 tokens (no room for generation), then the samples.
    const Prompt example = example_prompt();
    std::string icl = example.text + " ";
    for (size_t i = 0; i < example.outputs.size(); ++i) icl += (i ? " " : "") + example.outputs[i];
    icl += "\n";

    int64_t incremental = 10;
    if (max_seq_length < 4096) incremental = 5;
    const int64_t example_tokens = count_(icl);
    const int64_t ttg = s_.tokens_to_generate;
    const double tokens_per_haystack =
        static_cast<double>(count_(input_output(incremental, false).text)) / static_cast<double>(incremental);
    const auto estimated = static_cast<int64_t>((static_cast<double>(max_seq_length) / tokens_per_haystack) * 3);
    const std::string marker = task_template(Generator::kVariableTracking).template_text.substr(0, 20);
    return search_and_draw(
        count_, Generator::kVariableTracking, max_seq_length, num_samples, incremental,
        std::max(estimated, incremental * 2), example_tokens + ttg, ttg,
        [&](int64_t size) { return input_output(size, false); },
        [&](int64_t size) {
          Prompt drawn = input_output(size, false);
          // The example goes before the task's template (at its first 20 characters).
          const size_t cutoff = drawn.text.find(marker);
          if (cutoff == std::string::npos) throw std::logic_error("RULER vt: template not found in its prompt");
          drawn.text = drawn.text.substr(0, cutoff) + randomize_icl(icl) + "\n" + drawn.text.substr(cutoff);
          return drawn;
        });
  }

 private:
  // The example's run of sys_vartrack_w_noise_random: at most 500 tokens, none generated, one sample.
  Prompt example_prompt() {
    const int64_t max_seq_length = 500, incremental = 5;
    const double tokens_per_haystack =
        static_cast<double>(count_(input_output(incremental, true).text)) / static_cast<double>(incremental);
    const auto estimated = static_cast<int64_t>((static_cast<double>(max_seq_length) / tokens_per_haystack) * 3);
    const auto draw = [&](int64_t size) { return input_output(size, true); };
    const Sample sample = search_and_draw(count_, Generator::kVariableTracking, max_seq_length, 1, incremental,
                                          std::max(estimated, incremental * 2), 0, 0, draw, draw)[0];
    return {sample.input + sample.answer_prefix, sample.outputs};
  }

  std::string random_name(int64_t k) { return random_choices(rng_, kUppercase, k); }

  // generate_chains: names first (redrawn until distinct), then each chain's value.
  std::pair<std::vector<std::vector<std::string>>, std::vector<std::vector<std::string>>> chains(bool is_icl) {
    const int64_t k = is_icl ? 3 : 5;
    const int64_t hops = is_icl ? std::min<int64_t>(10, s_.num_hops) : s_.num_hops;
    const size_t wanted = static_cast<size_t>((hops + 1) * s_.num_chains);
    std::vector<std::string> names;
    for (size_t i = 0; i < wanted; ++i) names.push_back(random_name(k));
    while (std::set<std::string>(names.begin(), names.end()).size() < wanted) names.push_back(random_name(k));

    std::vector<std::vector<std::string>> vars, chain_lines;
    const size_t step = static_cast<size_t>(hops + 1);
    for (size_t i = 0; i < names.size(); i += step) {
      std::vector<std::string> these(names.begin() + static_cast<std::ptrdiff_t>(i),
                                     names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), i + step)));
      vars.push_back(these);
      std::vector<std::string> chain;
      chain.push_back("VAR " + these[0] + " = " + (is_icl ? std::string("12345") : std::to_string(numpy_.randint(10000, 99999))));
      for (size_t j = 0; j < static_cast<size_t>(hops); ++j) {
        // A chain cut short (names redrawn past a multiple of hops + 1): RULER's IndexError.
        if (j + 1 >= these.size()) throw RetryDraw("variable chain cut short");
        chain.push_back("VAR " + these[j + 1] + " = VAR " + these[j] + " ");
      }
      chain_lines.push_back(std::move(chain));
    }
    return {std::move(vars), std::move(chain_lines)};
  }

  Prompt input_output(int64_t num_noises, bool is_icl) {
    auto [vars, chain_lines] = chains(is_icl);
    const std::string& first = chain_lines[0][0];
    std::string value = first.substr(first.rfind('=') + 1);
    value.erase(0, value.find_first_not_of(' '));

    std::vector<std::string> sentences(static_cast<size_t>(num_noises), kNoise);
    for (const auto& chain : chain_lines) {
      if (chain.size() > sentences.size())
        throw InputError(fmt::format("RULER vt: {} noise sentences cannot hold a chain of {}", sentences.size(),
                                     chain.size()));
      std::vector<size_t> positions = rng_.sample_indices(sentences.size(), chain.size());
      std::sort(positions.begin(), positions.end());
      for (size_t j = 0; j < chain.size(); ++j)
        sentences.insert(sentences.begin() + static_cast<std::ptrdiff_t>(positions[j] + j), chain[j]);
    }
    std::string context;
    for (size_t i = 0; i < sentences.size(); ++i) context += (i ? "\n" : "") + sentences[i];
    context = replace_all(context, ". \n", ".\n");

    const std::string text = python_format(prompt_template(Generator::kVariableTracking),
                                           {{"context", context}, {"query", value}, {"num_v", std::to_string(s_.num_hops + 1)}});
    return {text, vars[0]};
  }

  // randomize_icl: new random names for the example's answer, then a new value.
  std::string randomize_icl(std::string example) {
    const std::vector<std::string> words = split_whitespace(example);
    const size_t keep = std::min(words.size(), static_cast<size_t>(s_.num_hops + 1));
    for (size_t i = words.size() - keep; i < words.size(); ++i)
      example = replace_all(example, words[i], random_name(static_cast<int64_t>(words[i].size())));
    return replace_all(example, "12345", std::to_string(numpy_.randint(10000, 99999)));
  }

  const Settings& s_;
  const TokenCounter& count_;
  PythonRandom rng_;
  python::NumpyLegacyRandom numpy_;
};

}  // namespace

std::vector<Sample> generate_variable_tracking(const Settings& s, const TokenCounter& count, int64_t max_seq_length,
                                               int64_t num_samples) {
  return VariableTracking(s, count).samples(max_seq_length, num_samples);
}

}  // namespace fot::ruler
