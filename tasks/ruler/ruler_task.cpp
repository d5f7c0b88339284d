#include "tasks/ruler/ruler_task.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "common/config_paths.h"
#include "common/input_error.h"
#include "common/suggest.h"
#include "tasks/common/sample_seed.h"
#include "tasks/ruler/ruler_entries.h"
#include "tasks/ruler/ruler_generator.h"
#include "tasks/ruler/ruler_scoring.h"
#include "tasks/ruler/ruler_templates.h"

namespace fot::ruler {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct TaskSettings {
  std::string name;
  Settings generator;
  std::string data_dir_text;  // as written (the resolved path is in generator.data_dir)
  std::vector<int64_t> lengths;
  int64_t num_samples = kDefaultNumSamples;
};

class RulerTask final : public Task {
 public:
  explicit RulerTask(TaskSettings settings) : s_(std::move(settings)) {}
  std::string name() const override { return s_.name; }
  std::string variant() const override { return "ruler"; }
  std::vector<Axis> axes() const override { return {{"max_seq_length", AxisRole::kLength}}; }
  // RULER scores every synthetic task with string_match_all: 0/1 where a sample has one reference.
  std::vector<Metric> metrics() const override {
    const Settings& g = s_.generator;
    const bool one_reference = g.generator == Generator::kNiah && g.num_needle_v * g.num_needle_q == 1;
    return {{"string_match_all", one_reference ? MetricKind::kBinary : MetricKind::kContinuous}};
  }
  std::vector<LengthTable> length_tables() const override { return {ruler_length_table()}; }

  json canonical() const override {
    json out = sample_settings();
    out["context_lengths"] = s_.lengths;
    out["num_samples"] = s_.num_samples;
    return out;
  }

  json sample_settings() const override {
    const Settings& g = s_.generator;
    json out = {{"task", s_.name}, {"ruler", "c3f5e3b"}, {"generator", generator_name(g.generator)},
                {"tokens_to_generate", g.tokens_to_generate}, {"random_seed", g.random_seed}};
    if (!s_.data_dir_text.empty()) out["data_dir"] = s_.data_dir_text;
    switch (g.generator) {
      case Generator::kNiah:
        out.update({{"type_haystack", g.type_haystack}, {"type_needle_k", g.type_needle_k},
                    {"type_needle_v", g.type_needle_v}, {"num_needle_k", g.num_needle_k},
                    {"num_needle_v", g.num_needle_v}, {"num_needle_q", g.num_needle_q}});
        break;
      case Generator::kVariableTracking:
        out.update({{"type_haystack", g.type_haystack}, {"num_chains", g.num_chains}, {"num_hops", g.num_hops}});
        break;
      case Generator::kCommonWords:
        out.update({{"freq_cw", g.freq_cw}, {"freq_ucw", g.freq_ucw}, {"num_cw", g.num_cw},
                    {"num_fewshot", g.num_fewshot}});
        break;
      case Generator::kFreqWords:
        out.update({{"alpha", g.alpha}, {"coded_wordlen", g.coded_wordlen}, {"vocab_size", g.vocab_size}});
        break;
    }
    return out;
  }

  std::vector<WorkItem> plan(int64_t limit) const override {
    const int64_t samples = limit > 0 ? std::min(limit, s_.num_samples) : s_.num_samples;
    std::vector<WorkItem> out;
    for (int64_t length : s_.lengths)
      for (int64_t t = 0; t < samples; ++t) {
        WorkItem item;
        item.axes = {{"max_seq_length", length}};
        item.trial = t;
        item.seed = derive_sample_seed(s_.generator.random_seed, sample_settings(), item.point(), t);
        out.push_back(std::move(item));
      }
    return out;
  }

  // Draws each length's first sample with the model's tokenizer, so a length whose prompt cannot
  // fit is refused before any model runs.
  void check(const ModelView& model) const override {
    const ModelInfo& info = model.info;
    for (int64_t length : s_.lengths) {
      if (info.context_limit > 0 && length > info.context_limit && info.overflow == OverflowPolicy::kError)
        throw InputError(fmt::format("{}: max_seq_length {} exceeds model '{}''s context limit of {} tokens "
                                     "(overflow: error)",
                                     s_.name, length, model.name, info.context_limit));
      if (info.context_limit > 0 && s_.generator.tokens_to_generate >= info.context_limit)
        throw InputError(fmt::format("{}: tokens_to_generate {} does not fit model '{}''s context limit of {} tokens",
                                     s_.name, s_.generator.tokens_to_generate, model.name, info.context_limit));
      draw(*model.codec, length, 1);
    }
  }

  int64_t tokens(const WorkItem& item) const override { return item.int_axis("max_seq_length"); }

  PreparedItem prepare(const ModelView& model, const WorkItem& item, const SampleOptions& options) const override {
    const int64_t length = item.int_axis("max_seq_length");
    Sample sample = sample_at(*model.codec, length, item.trial);
    PreparedItem prepared;
    SampleOutcome& out = prepared.outcome;
    out.prompt_ids = {model.codec->bos_id()};  // RULER's models read the prompt with their BOS
    const TokenIds text_ids = model.codec->encode(sample.input + sample.answer_prefix);
    out.prompt_ids.insert(out.prompt_ids.end(), text_ids.begin(), text_ids.end());
    Request request;
    request.context = out.prompt_ids;
    request.generate = true;
    request.generation.max_new_tokens = static_cast<int>(s_.generator.tokens_to_generate);
    prepared.requests.push_back(std::move(request));

    json& d = out.details;
    d["index"] = item.trial;
    if (options.log_prompt) d["input"] = sample.input;
    d["answer_prefix"] = sample.answer_prefix;
    d["outputs"] = sample.outputs;
    d["length"] = sample.length;
    d["prompt_tokens"] = out.prompt_ids.size();
    out.context_tokens = length;
    prepared.memo = std::move(sample.outputs);
    return prepared;
  }

  void finish(const ModelView& model, const WorkItem&, PreparedItem& prepared,
              const std::vector<Response>& responses) const override {
    const std::string prediction = model.codec->decode(responses.at(0).generated);
    const std::string pred = postprocess_prediction(prediction);
    json& d = prepared.outcome.details;
    d["generated"] = prediction;
    d["pred"] = pred;
    prepared.outcome.metrics["string_match_all"] =
        string_match_all(pred, std::any_cast<const std::vector<std::string>&>(prepared.memo));
  }

 private:
  Sample sample_at(const TextCodec& codec, int64_t length, int64_t t) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return samples(codec, length, t + 1).at(static_cast<size_t>(t));
  }

  // At least the first `count` samples at a length for this tokenizer (the caller holds mutex_):
  // RULER draws sample t after the search and samples 0..t-1, so a length's samples are drawn
  // together and kept while the run is at that length (the runner goes length by length; at most
  // two lengths are held, as a 128K prompt takes about 0.5 MB).
  const std::vector<Sample>& samples(const TextCodec& codec, int64_t length, int64_t count) const {
    const std::pair<std::string, int64_t> key{codec.describe(), length};
    if (!cache_.count(key) && cache_.size() >= 2) {
      for (auto it = cache_.begin(); it != cache_.end(); ++it)
        if (it->first != last_key_) {
          cache_.erase(it);
          break;
        }
    }
    last_key_ = key;
    auto& cached = cache_[key];
    if (static_cast<int64_t>(cached.size()) < count) cached = draw(codec, length, std::max(count, s_.num_samples));
    return cached;
  }

  std::vector<Sample> draw(const TextCodec& codec, int64_t length, int64_t count) const {
    const TokenCounter tokens = [&codec](const std::string& text) {
      return static_cast<int64_t>(codec.encode(text).size());
    };
    try {
      return generate_samples(s_.generator, tokens, length, count);
    } catch (const InputError& e) {
      throw InputError(
          fmt::format("{} at max_seq_length {} with tokenizer {}: {}", s_.name, length, codec.describe(), e.what()));
    }
  }

  TaskSettings s_;
  mutable std::mutex mutex_;
  mutable std::map<std::pair<std::string, int64_t>, std::vector<Sample>> cache_;
  mutable std::pair<std::string, int64_t> last_key_;
};

std::vector<ConfigKey> common_keys() {
  return {
      {"name", "a RULER task name", "required", "`niah_single_1..3`, `niah_multikey_1..3`, `niah_multivalue`, "
                                               "`niah_multiquery`, `vt`, `cwe`, `fwe` (RULER's scripts/synthetic.yaml)"},
      {"context_lengths", "list of integers >= 1", "[4096, 8192, 16384, 32768, 65536, 131072]",
       "the axis `max_seq_length`: prompt plus tokens_to_generate, in the model's tokens"},
      {"num_samples", "integer >= 1", "500", "samples per length (sample t is RULER's sample t)"},
      {"random_seed", "integer in [0, 2^32)", "42", "RULER's --random_seed"},
      {"tokens_to_generate", "integer >= 1", "RULER's: niah 128, vt 30, cwe 120, fwe 50",
       "greedy tokens generated after the answer prefix (also reserved in max_seq_length)"},
      {"data_dir", "path", "none (required by word keys, cwe and essays)",
       "folder laid out as the shared data's `ruler/`: nounlist.txt, adjectivelist.txt, verblist.txt, optional "
       "english_words.json and PaulGrahamEssays.json; `${VAR}` expands, relative to the config"},
  };
}

ConfigSection section(const char* name, const char* intro, std::vector<ConfigKey> extra) {
  std::vector<ConfigKey> keys = common_keys();
  keys.insert(keys.end(), extra.begin(), extra.end());
  return {name, intro, keys};
}

int64_t int_key(const ConfigNode& entry, const char* key, int64_t fallback, int64_t minimum) {
  return entry.has(key) ? entry.at(key).as_int_at_least(minimum) : fallback;
}

std::string choice_key(const ConfigNode& entry, const char* key, const std::string& fallback,
                       const std::vector<std::string>& allowed) {
  if (!entry.has(key)) return fallback;
  const ConfigNode node = entry.at(key);
  const std::string value = node.as_string();
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    node.fail(fmt::format("{} must be one of {}, got '{}'{}", key, list, value, suggest(value, allowed)));
  }
  return value;
}

}  // namespace

const ConfigSection& niah_section() {
  static const ConfigSection s = section(
      "tasks[] (RULER niah_*)",
      "RULER's needle-in-a-haystack tasks (scripts/data/synthetic/niah.py); the defaults per name are RULER's "
      "scripts/synthetic.yaml (docs/ruler.md lists them).",
      {
          {"type_haystack", "`noise` \\| `needle` \\| `essay`", "per name", "filler: repeated sentences, other needles, "
                                                                           "or essays (needs PaulGrahamEssays.json)"},
          {"type_needle_k", "`words` \\| `numbers` \\| `uuids`", "per name", "kind of the keys"},
          {"type_needle_v", "`words` \\| `numbers` \\| `uuids`", "per name", "kind of the values"},
          {"num_needle_k", "integer >= 1", "per name", "keys hidden (at least num_needle_q)"},
          {"num_needle_v", "integer >= 1", "per name", "values per key"},
          {"num_needle_q", "integer >= 1", "per name", "keys asked for"},
      });
  return s;
}

const ConfigSection& variable_tracking_section() {
  static const ConfigSection s = section(
      "tasks[] (RULER vt)", "RULER's variable tracking (scripts/data/synthetic/variable_tracking.py).",
      {
          {"type_haystack", "`noise` \\| `essay`", "noise", "filler between the assignments"},
          {"num_chains", "integer >= 1", "1", "chains of assignments"},
          {"num_hops", "integer >= 1", "4", "assignments after the first in each chain"},
      });
  return s;
}

const ConfigSection& common_words_section() {
  static const ConfigSection s = section(
      "tasks[] (RULER cwe)",
      "RULER's common words extraction (scripts/data/synthetic/common_words_extraction.py); below 4096 tokens RULER "
      "uses 6 and 1 repeats instead of freq_cw and freq_ucw.",
      {
          {"freq_cw", "integer >= 1", "30", "repeats of each common word"},
          {"freq_ucw", "integer >= 1", "3", "repeats of each other word"},
          {"num_cw", "integer >= 1", "10", "common words (the answer)"},
          {"num_fewshot", "integer >= 0", "1", "worked examples before the list"},
      });
  return s;
}

const ConfigSection& freq_words_section() {
  static const ConfigSection s = section(
      "tasks[] (RULER fwe)", "RULER's frequent words extraction (scripts/data/synthetic/freq_words_extraction.py).",
      {
          {"alpha", "number > 1", "2.0", "Zipf exponent of the word counts"},
          {"coded_wordlen", "integer >= 1", "6", "letters per coded word"},
          {"vocab_size", "integer >= 4 \\| -1", "-1", "coded words; -1: (max_seq_length - tokens_to_generate) // 50"},
      });
  return s;
}

LengthTable ruler_length_table() {
  return {"ruler",
          "RULER",
          "Each RULER task's score as RULER reports it: the mean of string_match_all over the samples, as a "
          "percentage rounded to 2 decimals; Avg: their mean over the tasks of this run (an asterisk: some task has "
          "no row at that length).",
          "ruler",
          "string_match_all",
          "max_seq_length",
          "percent",
          100.0,
          2};
}

std::unique_ptr<Task> parse_ruler_task(const ConfigNode& entry, uint64_t run_seed) {
  (void)run_seed;  // RULER's draws follow random_seed, not the run seed
  const ConfigNode name = entry.at("name");
  const Entry* known = find_entry(name.as_string());
  if (!known) name.fail(fmt::format("'{}' is not a RULER task", name.as_string()));
  TaskSettings s;
  s.name = known->name;
  Settings& g = s.generator;
  g = known->defaults;
  switch (g.generator) {
    case Generator::kNiah: check_keys(entry, niah_section()); break;
    case Generator::kVariableTracking: check_keys(entry, variable_tracking_section()); break;
    case Generator::kCommonWords: check_keys(entry, common_words_section()); break;
    case Generator::kFreqWords: check_keys(entry, freq_words_section()); break;
  }

  if (entry.has("context_lengths")) {
    std::set<int64_t> seen;
    for (const auto& item : entry.at("context_lengths").non_empty_items()) {
      const int64_t length = item.as_int_at_least(1);
      if (!seen.insert(length).second) item.fail(fmt::format("context length {} is listed twice", length));
      s.lengths.push_back(length);
    }
  } else {
    s.lengths = default_context_lengths();
  }
  s.num_samples = int_key(entry, "num_samples", kDefaultNumSamples, 1);
  if (entry.has("random_seed")) {
    const ConfigNode seed = entry.at("random_seed");
    const int64_t value = seed.as_int_at_least(0);
    if (value > 0xffffffffLL) seed.fail("random_seed must be below 2**32 (Python's random.seed of one 32-bit word)");
    g.random_seed = static_cast<uint32_t>(value);
  }
  g.tokens_to_generate = int_key(entry, "tokens_to_generate", g.tokens_to_generate, 1);
  for (int64_t length : s.lengths)
    if (length <= g.tokens_to_generate)
      entry.at("context_lengths").fail(fmt::format("context length {} leaves no room for a prompt before the {} "
                                                   "tokens to generate",
                                                   length, g.tokens_to_generate));
  if (entry.has("data_dir")) {
    const ConfigNode dir = entry.at("data_dir");
    s.data_dir_text = dir.as_string();
    g.data_dir = resolve_path(dir, fs::absolute(entry.file()).parent_path().string());
    if (!fs::is_directory(g.data_dir)) dir.fail(fmt::format("data_dir '{}' is not a directory", g.data_dir));
  }

  switch (g.generator) {
    case Generator::kNiah: {
      const std::vector<std::string> kinds = {"numbers", "words", "uuids"};
      g.type_haystack = choice_key(entry, "type_haystack", g.type_haystack, {"noise", "needle", "essay"});
      g.type_needle_k = choice_key(entry, "type_needle_k", g.type_needle_k, kinds);
      g.type_needle_v = choice_key(entry, "type_needle_v", g.type_needle_v, kinds);
      g.num_needle_k = int_key(entry, "num_needle_k", g.num_needle_k, 1);
      g.num_needle_v = int_key(entry, "num_needle_v", g.num_needle_v, 1);
      g.num_needle_q = int_key(entry, "num_needle_q", g.num_needle_q, 1);
      break;
    }
    case Generator::kVariableTracking:
      g.type_haystack = choice_key(entry, "type_haystack", g.type_haystack, {"noise", "essay"});
      g.num_chains = int_key(entry, "num_chains", g.num_chains, 1);
      g.num_hops = int_key(entry, "num_hops", g.num_hops, 1);
      break;
    case Generator::kCommonWords:
      g.freq_cw = int_key(entry, "freq_cw", g.freq_cw, 1);
      g.freq_ucw = int_key(entry, "freq_ucw", g.freq_ucw, 1);
      g.num_cw = int_key(entry, "num_cw", g.num_cw, 1);
      g.num_fewshot = int_key(entry, "num_fewshot", g.num_fewshot, 0);
      break;
    case Generator::kFreqWords:
      if (entry.has("alpha")) {
        g.alpha = entry.at("alpha").as_double();
        if (!(g.alpha > 1.0)) entry.at("alpha").fail(fmt::format("alpha must be > 1 (zeta diverges), got {}", g.alpha));
      }
      g.coded_wordlen = int_key(entry, "coded_wordlen", g.coded_wordlen, 1);
      if (entry.has("vocab_size")) {
        g.vocab_size = entry.at("vocab_size").as_int();
        if (g.vocab_size != -1 && g.vocab_size < 4) entry.at("vocab_size").fail("vocab_size must be -1 or >= 4");
      }
      break;
  }
  const bool essay = (g.generator == Generator::kNiah || g.generator == Generator::kVariableTracking) &&
                     g.type_haystack == "essay";
  const bool needs_words = g.generator == Generator::kCommonWords || essay ||
                           (g.generator == Generator::kNiah && (g.type_needle_k == "words" || g.type_needle_v == "words"));
  if (needs_words && g.data_dir.empty())
    entry.fail(fmt::format("{} needs data_dir: the folder of RULER's word lists (nounlist.txt, adjectivelist.txt, "
                           "verblist.txt; laid out as the shared data's ruler/)",
                           s.name));
  std::vector<std::string> files;
  if (g.generator == Generator::kCommonWords) files = {"nounlist.txt", "adjectivelist.txt", "verblist.txt"};
  else if (needs_words && !essay) files = {"nounlist.txt", "adjectivelist.txt"};
  if (essay) files = {"PaulGrahamEssays.json"};
  for (const auto& file : files)
    if (!fs::is_regular_file(fs::path(g.data_dir) / file))
      entry.at("data_dir").fail(fmt::format("{} needs {} in data_dir, and {} has none", s.name, file, g.data_dir));
  if (essay)
    entry.fail(fmt::format("{}: the essay haystack splits sentences with NLTK's Punkt model (sent_tokenize), which "
                           "this harness does not reproduce yet; set type_haystack: noise{}",
                           s.name, g.generator == Generator::kNiah ? " or needle" : ""));
  return std::make_unique<RulerTask>(std::move(s));
}

}  // namespace fot::ruler
