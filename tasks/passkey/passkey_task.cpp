#include "tasks/passkey/passkey_task.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/input_error.h"
#include "tasks/common/python/numpy_random.h"
#include "tasks/common/rng.h"
#include "tasks/common/sample_seed.h"
#include "common/suggest.h"
#include "tasks/passkey/passkey_text.h"
#include "tasks/passkey/token_sized_prompt.h"

namespace fot::passkey {
namespace {

using nlohmann::json;

constexpr int64_t kKeyLow = 1, kKeyHigh = 50000;  // numpy randint(1, 50000): 1..49999

std::string format_depth(double depth) { return fmt::format("{:.6g}", depth); }

json token_list(const TokenIds& ids) { return json(std::vector<int32_t>(ids.begin(), ids.end())); }

struct Settings {
  std::string variant;
  std::vector<int64_t> sizes;   // context lengths (tokens) or n_garbage (characters)
  std::vector<double> depths;   // tokens protocol only; with depth_bins, the bin centres
  int64_t depth_bins = 0;       // > 0: "depths: random", each trial draws its depth within its bin
  std::vector<uint64_t> seeds;  // base seed of each trial: the entry's `seeds`, else the run seed
  bool paired_keys = false;     // trial t hides the same key at every sweep point
  bool numpy_rng = false;       // landmark: trial t draws as np.random.seed(seed_t) would (docs/passkey-protocol.md)
  bool explicit_seeds = false;  // `seeds` listed: seed_t = seeds[t]; else seed_t = run seed + t
  std::optional<int64_t> room;  // tokens protocol: answer room; unset = answer_room(codec)
};

class PasskeyTask final : public Task {
 public:
  explicit PasskeyTask(Settings settings) : s_(std::move(settings)) {}
  std::string name() const override { return "passkey"; }
  std::string variant() const override { return s_.variant; }

  std::vector<Axis> axes() const override {
    if (s_.variant == "landmark") return {{"n_garbage", AxisRole::kLength}};
    return {{"context_tokens", AxisRole::kLength}, {"depth", AxisRole::kDepth}};
  }
  std::vector<Metric> metrics() const override { return {{"acc", MetricKind::kBinary, true}}; }

  json canonical() const override {
    json out = sample_settings();
    out["seeds"] = s_.seeds;
    if (s_.variant == "tokens") {
      out["context_lengths"] = s_.sizes;
      out["depths"] = s_.depth_bins > 0 ? json("random") : json(s_.depths);
    } else {
      out["n_garbage"] = s_.sizes;
    }
    return out;
  }

  json sample_settings() const override {
    json out = {{"task", "passkey"}, {"variant", s_.variant}, {"paired_keys", s_.paired_keys}};
    if (s_.numpy_rng) out["rng"] = "numpy";  // only when set, so default samples keep their identity
    if (s_.variant == "tokens") {
      if (s_.depth_bins > 0) out["depth_bins"] = s_.depth_bins;
      out["answer_room"] = s_.room ? json(*s_.room) : json("auto");
    }
    return out;
  }

  std::vector<WorkItem> plan(int64_t limit) const override {
    size_t trials = s_.seeds.size();
    if (limit > 0) trials = std::min<size_t>(trials, static_cast<size_t>(limit));
    std::vector<WorkItem> out;
    auto add = [&](nlohmann::ordered_json axes, size_t t) {
      WorkItem item;
      item.axes = std::move(axes);
      item.trial = static_cast<int64_t>(t);
      item.seed = derive_sample_seed(s_.seeds[t], sample_settings(), item.point(), item.trial);
      out.push_back(std::move(item));
    };
    for (int64_t size : s_.sizes) {
      if (s_.variant == "landmark") {
        for (size_t t = 0; t < trials; ++t) add({{"n_garbage", size}}, t);
        continue;
      }
      for (double depth : s_.depths)
        for (size_t t = 0; t < trials; ++t) add({{"context_tokens", size}, {"depth", depth}}, t);
    }
    return out;
  }

  int64_t tokens(const WorkItem& item) const override {
    // The landmark filler runs at about 3.8 characters per token with the OpenLLaMA tokenizers.
    if (s_.variant == "landmark") return 70 + item.int_axis("n_garbage") * 10 / 38;
    return item.int_axis("context_tokens");
  }

  void check(const ModelView& model) const override {
    if (s_.variant != "tokens") return;
    const ModelInfo& info = model.info;
    const int64_t room = s_.room ? *s_.room : answer_room(*model.codec);
    int64_t minimum = 0;
    for (int64_t key : {9999, 10000, 49999}) minimum = std::max(minimum, minimum_prompt_tokens(*model.codec, key));
    for (int64_t length : s_.sizes) {
      if (length - room < minimum)
        throw InputError(fmt::format(
            "passkey (tokens): context length {} is too short for model '{}': the prompt without filler takes {} "
            "tokens plus {} for the answer",
            length, model.name, minimum, room));
      if (info.context_limit > 0 && length > info.context_limit && info.overflow == OverflowPolicy::kError)
        throw InputError(fmt::format("passkey (tokens): context length {} exceeds model '{}''s context limit of {} "
                                     "tokens (overflow: error)",
                                     length, model.name, info.context_limit));
    }
  }

  PreparedItem prepare(const ModelView& model, const WorkItem& item, const SampleOptions& options) const override {
    SplitMix64 rng(item.seed);
    PreparedItem prepared;
    SampleOutcome& out = prepared.outcome;
    json& d = out.details;
    d["protocol"] = s_.variant;
    int64_t key = 0;
    std::string text;
    if (s_.variant == "landmark") {
      // Same draw order as the reference: prefix length first, then the key.
      const int64_t n_garbage = item.int_axis("n_garbage");
      int64_t n_prefix = 0;
      if (s_.numpy_rng) {
        // The reference's trial: np.random.seed(seed_t); randint(0, n_garbage); randint(1, 50000).
        const uint64_t seed = numpy_seed(item.trial);
        python::NumpyLegacyRandom numpy(static_cast<uint32_t>(seed));
        n_prefix = numpy.randint(0, n_garbage);
        key = numpy.randint(kKeyLow, kKeyHigh);
        d["numpy_seed"] = seed;
      } else {
        n_prefix = rng.randint(0, n_garbage);
        key = draw_key(item, rng);
      }
      LandmarkPrompt prompt = landmark_prompt(n_garbage, n_prefix, key);
      LandmarkIds ids = landmark_ids(*model.codec, prompt.text, prompt.needle_offset);
      out.prompt_ids = std::move(ids.ids);
      check_fits(model, static_cast<int64_t>(out.prompt_ids.size()) + static_cast<int64_t>(model.codec->encode(std::to_string(key)).size()), item);
      const LandmarkPrompt empty = landmark_prompt(0, 0, key);
      const LandmarkIds empty_ids = landmark_ids(*model.codec, empty.text, empty.needle_offset);
      const int64_t filler_tokens = static_cast<int64_t>(out.prompt_ids.size() - empty_ids.ids.size());
      const int64_t before_needle = ids.needle_token_pos - 1, before_needle_empty = empty_ids.needle_token_pos - 1;
      d["n_garbage"] = n_garbage;
      d["n_prefix"] = n_prefix;
      d["needle_token_pos"] = 1 + before_needle;
      d["needle_depth"] = filler_tokens > 0 ? std::clamp(static_cast<double>(before_needle - before_needle_empty) /
                                                             static_cast<double>(filler_tokens),
                                                         0.0, 1.0)
                                            : 0.0;
      out.context_tokens = static_cast<int64_t>(out.prompt_ids.size());
      text = std::move(prompt.text);
    } else {
      key = draw_key(item, rng);
      const int64_t room = s_.room ? *s_.room : answer_room(*model.codec);
      const int64_t context = item.int_axis("context_tokens");
      double depth = item.number_axis("depth");
      const double width = s_.depth_bins > 0 ? 1.0 / static_cast<double>(s_.depth_bins) : 0.0;
      if (s_.depth_bins > 0) {
        // A uniform draw within the item's bin (bin centre +- half a bin width).
        const double u = static_cast<double>(rng.randint(0, 1 << 30)) / static_cast<double>(1 << 30);
        depth = std::clamp(depth + (u - 0.5) * width, 0.0, 1.0);
      }
      SizedPrompt prompt = token_sized_prompt(*model.codec, context - room, depth, key);
      out.prompt_ids = std::move(prompt.ids);
      d["answer_room"] = room;
      d["needle_token_pos"] = prompt.needle_token_pos;
      d["needle_depth"] = prompt.needle_depth;
      if (s_.depth_bins > 0) {
        // The needle starts a sentence, so it can land outside the drawn bin: the sample counts
        // in the bin it actually lies in (requested_depth keeps the plan's bin).
        const auto bin = std::min<int64_t>(s_.depth_bins - 1, static_cast<int64_t>(prompt.needle_depth / width));
        d["requested_depth"] = item.number_axis("depth");
        out.measured_axes["depth"] = (static_cast<double>(bin) + 0.5) * width;
      }
      out.context_tokens = context;
      text = std::move(prompt.text);
    }
    const std::string answer = std::to_string(key);
    const TokenIds answer_ids = model.codec->encode(answer);
    Request request;
    request.context = out.prompt_ids;
    request.generate = true;
    request.generation.max_new_tokens = static_cast<int>(answer_ids.size());
    prepared.requests.push_back(std::move(request));
    d["passkey"] = key;
    d["prompt_tokens"] = out.prompt_ids.size();
    d["answer"] = answer;
    d["answer_tokens"] = token_list(answer_ids);
    if (options.log_prompt) d["prompt"] = text;
    prepared.memo = answer_ids;
    return prepared;
  }

  void finish(const ModelView& model, const WorkItem&, PreparedItem& prepared,
              const std::vector<Response>& responses) const override {
    const TokenIds& prediction = responses.at(0).generated;
    const bool correct = prediction == std::any_cast<const TokenIds&>(prepared.memo);
    json& d = prepared.outcome.details;
    d["prediction"] = model.codec->decode(prediction);
    d["prediction_tokens"] = token_list(prediction);
    d["correct"] = correct;
    prepared.outcome.metrics["acc"] = correct ? 1.0 : 0.0;
  }

 private:
  // Paired keys: trial t hides the same key at every sweep point (from a seed without the point).
  int64_t draw_key(const WorkItem& item, SplitMix64& rng) const {
    if (!s_.paired_keys) return rng.randint(kKeyLow, kKeyHigh);
    SplitMix64 paired(derive_sample_seed(s_.seeds[static_cast<size_t>(item.trial)], sample_settings(), "paired_key",
                                         item.trial));
    return paired.randint(kKeyLow, kKeyHigh);
  }

  uint64_t numpy_seed(int64_t trial) const {
    const uint64_t base = s_.seeds[static_cast<size_t>(trial)];
    return s_.explicit_seeds ? base : base + static_cast<uint64_t>(trial);
  }

  // The landmark prompt's length is known only once built; a model that would refuse it is bad input.
  static void check_fits(const ModelView& model, int64_t tokens, const WorkItem& item) {
    const ModelInfo& info = model.info;
    if (info.context_limit > 0 && tokens > info.context_limit && info.overflow == OverflowPolicy::kError)
      throw InputError(fmt::format("passkey (landmark): {} needs {} tokens with the answer, beyond model '{}''s "
                                   "context limit of {} tokens (overflow: error)",
                                   item.point(), tokens, model.name, info.context_limit));
  }


  Settings s_;
};

std::vector<int64_t> positive_unique(const ConfigNode& list, const char* what) {
  std::vector<int64_t> out;
  std::set<int64_t> seen;
  for (const auto& item : list.non_empty_items()) {
    int64_t value = item.as_int();
    if (value <= 0) item.fail(fmt::format("{} must be positive, got {}", what, value));
    if (!seen.insert(value).second) item.fail(fmt::format("{} {} is listed twice", what, value));
    out.push_back(value);
  }
  return out;
}

}  // namespace

const ConfigSection& tokens_section() {
  static const ConfigSection section{
      "tasks[] (passkey, variant: tokens)",
      "Passkey retrieval with prompts of an exact token length (context length minus the answer room), the "
      "needle at a chosen depth.",
      {
          {"name", "`passkey`", "required", "the task"},
          {"variant", "`tokens` \\| `landmark`", "required", "the protocol"},
          {"context_lengths", "list of integers >= 1", "required", "prompt plus answer room, in tokens"},
          {"depths", "list of fractions in [0, 1] \\| `random`", "[0, 0.25, 0.5, 0.75, 1]",
           "needle depths; `random` draws each trial's depth within its bin and counts the sample in the bin its "
           "needle lands in"},
          {"depth_bins", "integer >= 1", "5", "bins of `depths: random`"},
          {"trials", "integer >= 1", "10", "samples per sweep point"},
          {"seeds", "list of integers >= 0", "the run seed for every trial", "a base seed per trial"},
          {"answer_room", "integer >= 0", "the longest key's tokens", "tokens left for the answer"},
          {"paired_keys", "boolean", "false", "trial t hides the same key at every sweep point"},
      }};
  return section;
}

const ConfigSection& landmark_section() {
  static const ConfigSection section{
      "tasks[] (passkey, variant: landmark)",
      "The Landmark/LongLLaMA passkey prompt: filler counted in characters, the needle at a random offset.",
      {
          {"name", "`passkey`", "required", "the task"},
          {"variant", "`landmark`", "required", "the protocol"},
          {"n_garbage", "list of integers >= 1", "required", "filler characters"},
          {"trials", "integer >= 1", "10", "samples per sweep point"},
          {"seeds", "list of integers >= 0", "the run seed for every trial", "a base seed per trial"},
          {"paired_keys", "boolean", "false", "trial t hides the same key at every sweep point"},
          {"rng", "`harness` \\| `numpy`", "`harness`",
           "`numpy`: trial k draws its prefix length and key as the reference's NumPy code for seed s + k (s the run "
           "seed; with `seeds`, seeds[k]): `np.random.seed`, `randint(0, n_garbage)`, `randint(1, 50000)`"},
      }};
  return section;
}

int64_t answer_room(const TextCodec& codec) {
  int64_t room = 0;
  for (int64_t key : {1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 11111, 22222, 33333, 44444, 49999})
    room = std::max<int64_t>(room, static_cast<int64_t>(codec.encode(std::to_string(key)).size()));
  return room;
}

std::unique_ptr<Task> parse_passkey_task(const ConfigNode& entry, uint64_t run_seed) {
  Settings s;
  const ConfigNode variant = entry.at("variant");
  s.variant = variant.as_string();
  if (s.variant == "tokens") {
    check_keys(entry, tokens_section());
    s.sizes = positive_unique(entry.at("context_lengths"), "context length");
    if (entry.has("depths") && entry.at("depths").is_scalar()) {
      const ConfigNode depths = entry.at("depths");
      if (depths.as_string() != "random")
        depths.fail(fmt::format("depths must be a list of fractions or 'random', got '{}'", depths.as_string()));
      s.depth_bins = entry.has("depth_bins") ? entry.at("depth_bins").as_int_at_least(1) : 5;
      for (int64_t b = 0; b < s.depth_bins; ++b)
        s.depths.push_back((static_cast<double>(b) + 0.5) / static_cast<double>(s.depth_bins));
    } else if (entry.has("depth_bins")) {
      entry.at("depth_bins").fail("depth_bins needs 'depths: random'");
    } else if (entry.has("depths")) {
      std::set<std::string> seen;  // as the sweep point names them, so two depths never share a name
      for (const auto& item : entry.at("depths").non_empty_items()) {
        double depth = item.as_double();
        if (depth < 0.0 || depth > 1.0)
          item.fail(fmt::format("depth must be a fraction in [0, 1] (50% is 0.5), got {}", item.as_string()));
        if (!seen.insert(format_depth(depth)).second)
          item.fail(fmt::format("depth {} is listed twice (depths are told apart to 6 digits)", item.as_string()));
        s.depths.push_back(depth);
      }
    } else {
      s.depths = {0.0, 0.25, 0.5, 0.75, 1.0};
    }
    if (entry.has("answer_room")) s.room = entry.at("answer_room").as_int_at_least(0);
  } else if (s.variant == "landmark") {
    check_keys(entry, landmark_section());
    s.sizes = positive_unique(entry.at("n_garbage"), "n_garbage");
    if (entry.has("rng")) {
      const ConfigNode rng = entry.at("rng");
      const std::string name = rng.as_string();
      if (name != "numpy" && name != "harness")
        rng.fail(fmt::format("unknown rng '{}'{}", name, suggest(name, {"harness", "numpy"})));
      s.numpy_rng = name == "numpy";
    }
  } else {
    variant.fail(fmt::format("unknown passkey variant '{}'{}", s.variant, suggest(s.variant, {"landmark", "tokens"})));
  }
  std::optional<int64_t> trials;
  if (entry.has("trials")) trials = entry.at("trials").as_int_at_least(1);
  if (entry.has("paired_keys")) s.paired_keys = entry.at("paired_keys").as_bool();
  if (entry.has("seeds")) {
    for (const auto& item : entry.at("seeds").non_empty_items())
      s.seeds.push_back(static_cast<uint64_t>(item.as_int_at_least(0)));
    s.explicit_seeds = true;
    if (trials && *trials != static_cast<int64_t>(s.seeds.size()))
      entry.at("trials").fail(fmt::format("trials is {} but seeds lists {} seeds (one seed per trial)", *trials,
                                          s.seeds.size()));
  } else {
    s.seeds.assign(static_cast<size_t>(trials.value_or(10)), run_seed);
  }
  if (s.numpy_rng) {
    if (s.paired_keys) entry.at("paired_keys").fail("paired_keys does not apply with rng: numpy (the reference draws each key)");
    for (size_t t = 0; t < s.seeds.size(); ++t)
      if (s.seeds[t] + (s.explicit_seeds ? 0 : t) > 0xffffffffULL)
        entry.at("rng").fail("rng: numpy needs seeds below 2**32 (np.random.seed)");
  }
  return std::make_unique<PasskeyTask>(std::move(s));
}

}  // namespace fot::passkey
