#include "tasks/passkey/passkey_task.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "models/input_error.h"
#include "tasks/common/rng.h"
#include "tasks/config/suggest.h"
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
  std::vector<uint64_t> seeds;  // one per trial
  std::optional<int64_t> room;  // tokens protocol: answer room; unset = answer_room(codec)
};

class PasskeyTask final : public Task {
 public:
  explicit PasskeyTask(Settings settings) : s_(std::move(settings)) {}
  std::string name() const override { return "passkey"; }
  std::string variant() const override { return s_.variant; }

  json canonical() const override {
    json out = {{"task", "passkey"}, {"variant", s_.variant}, {"seeds", s_.seeds}};
    if (s_.variant == "tokens") {
      out["context_lengths"] = s_.sizes;
      out["depths"] = s_.depth_bins > 0 ? json("random") : json(s_.depths);
      if (s_.depth_bins > 0) out["depth_bins"] = s_.depth_bins;
      out["answer_room"] = s_.room ? json(*s_.room) : json("auto");
    } else {
      out["n_garbage"] = s_.sizes;
    }
    return out;
  }

  std::vector<WorkItem> plan(int64_t limit) const override {
    size_t trials = s_.seeds.size();
    if (limit > 0) trials = std::min<size_t>(trials, static_cast<size_t>(limit));
    std::vector<WorkItem> out;
    for (int64_t size : s_.sizes) {
      if (s_.variant == "landmark") {
        for (size_t t = 0; t < trials; ++t)
          out.push_back({fmt::format("n_garbage={}", size), size, std::nullopt, static_cast<int64_t>(t), s_.seeds[t]});
        continue;
      }
      for (double depth : s_.depths)
        for (size_t t = 0; t < trials; ++t)
          out.push_back({fmt::format("tokens={};depth={}", size, format_depth(depth)), size, depth,
                         static_cast<int64_t>(t), s_.seeds[t]});
    }
    return out;
  }

  void check(const TextModel& model) const override {
    if (s_.variant != "tokens") return;
    const ModelInfo info = model.model->info();
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

  SampleOutcome run(TextModel& model, const WorkItem& item, const SampleOptions& options) const override {
    SplitMix64 rng(item.seed);
    SampleOutcome out;
    json& d = out.details;
    d["protocol"] = s_.variant;
    int64_t key = 0;
    std::string text;
    if (s_.variant == "landmark") {
      // Same draw order as the reference: prefix length first, then the key.
      const int64_t n_garbage = item.context;
      const int64_t n_prefix = rng.randint(0, n_garbage);
      key = rng.randint(kKeyLow, kKeyHigh);
      LandmarkPrompt prompt = landmark_prompt(n_garbage, n_prefix, key);
      out.prompt_ids = with_bos(model, prompt.text);
      check_fits(model, static_cast<int64_t>(out.prompt_ids.size()) + static_cast<int64_t>(model.codec->encode(std::to_string(key)).size()), item);
      const int64_t before_needle = static_cast<int64_t>(model.codec->encode(prompt.text.substr(0, prompt.needle_offset)).size());
      LandmarkPrompt empty = landmark_prompt(0, 0, key);
      const int64_t base = static_cast<int64_t>(with_bos(model, empty.text).size());
      const int64_t before_needle_empty =
          static_cast<int64_t>(model.codec->encode(empty.text.substr(0, empty.needle_offset)).size());
      const int64_t filler_tokens = static_cast<int64_t>(out.prompt_ids.size()) - base;
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
      key = rng.randint(kKeyLow, kKeyHigh);
      const int64_t room = s_.room ? *s_.room : answer_room(*model.codec);
      double depth = *item.depth;
      if (s_.depth_bins > 0) {
        // A uniform draw within the item's bin (bin centre +- half a bin width), its own stream per
        // (trial, length, bin) so draws are independent across the sweep.
        const double width = 1.0 / static_cast<double>(s_.depth_bins);
        const auto bin = static_cast<uint64_t>(depth * static_cast<double>(s_.depth_bins));
        SplitMix64 depth_rng(item.seed ^ (0x9E3779B97F4A7C15ull * (static_cast<uint64_t>(item.context) * 131u + bin + 1)));
        const double u = static_cast<double>(depth_rng.randint(0, 1 << 30)) / static_cast<double>(1 << 30);
        depth = std::clamp(depth + (u - 0.5) * width, 0.0, 1.0);
      }
      SizedPrompt prompt = token_sized_prompt(*model.codec, item.context - room, depth, key);
      out.prompt_ids = std::move(prompt.ids);
      d["answer_room"] = room;
      d["needle_token_pos"] = prompt.needle_token_pos;
      d["needle_depth"] = prompt.needle_depth;
      out.context_tokens = item.context;
      text = std::move(prompt.text);
    }
    const std::string answer = std::to_string(key);
    const TokenIds answer_ids = model.codec->encode(answer);
    auto state = model.model->encode_prefix(out.prompt_ids);
    const TokenIds prediction = model.model->generate_greedy(*state, static_cast<int>(answer_ids.size()));
    const bool correct = prediction == answer_ids;

    d["passkey"] = key;
    d["prompt_tokens"] = out.prompt_ids.size();
    d["answer"] = answer;
    d["answer_tokens"] = token_list(answer_ids);
    d["prediction"] = model.codec->decode(prediction);
    d["prediction_tokens"] = token_list(prediction);
    d["correct"] = correct;
    if (options.log_prompt) d["prompt"] = text;
    out.metrics["acc"] = correct ? 1.0 : 0.0;
    return out;
  }

 private:
  // The landmark prompt's length is known only once built; a model that would refuse it is bad input.
  static void check_fits(const TextModel& model, int64_t tokens, const WorkItem& item) {
    const ModelInfo info = model.model->info();
    if (info.context_limit > 0 && tokens > info.context_limit && info.overflow == OverflowPolicy::kError)
      throw InputError(fmt::format("passkey (landmark): {} needs {} tokens with the answer, beyond model '{}''s "
                                   "context limit of {} tokens (overflow: error)",
                                   item.point, tokens, model.name, info.context_limit));
  }

  static TokenIds with_bos(const TextModel& model, const std::string& text) {
    TokenIds ids = {model.codec->bos_id()};
    TokenIds body = model.codec->encode(text);
    ids.insert(ids.end(), body.begin(), body.end());
    return ids;
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
    entry.check_keys({"name", "variant", "context_lengths", "depths", "depth_bins", "trials", "seeds", "answer_room"});
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
    entry.check_keys({"name", "variant", "n_garbage", "trials", "seeds"});
    s.sizes = positive_unique(entry.at("n_garbage"), "n_garbage");
  } else {
    variant.fail(fmt::format("unknown passkey variant '{}'{}", s.variant, suggest(s.variant, {"landmark", "tokens"})));
  }
  std::optional<int64_t> trials;
  if (entry.has("trials")) trials = entry.at("trials").as_int_at_least(1);
  if (entry.has("seeds")) {
    for (const auto& item : entry.at("seeds").non_empty_items())
      s.seeds.push_back(static_cast<uint64_t>(item.as_int_at_least(0)));
    if (trials && *trials != static_cast<int64_t>(s.seeds.size()))
      entry.at("trials").fail(fmt::format("trials is {} but seeds lists {} seeds (one seed per trial)", *trials,
                                          s.seeds.size()));
  } else {
    for (int64_t t = 0; t < trials.value_or(10); ++t) s.seeds.push_back(run_seed + static_cast<uint64_t>(t));
  }
  return std::make_unique<PasskeyTask>(std::move(s));
}

}  // namespace fot::passkey
