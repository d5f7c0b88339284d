#include "tasks/icl/icl_task.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "common/config_paths.h"
#include "common/input_error.h"
#include "common/suggest.h"
#include "tasks/common/python/squad.h"
#include "tasks/common/sample_seed.h"
#include "tasks/icl/answer_generation.h"
#include "tasks/icl/draw_order.h"
#include "tasks/icl/few_shot_layout.h"
#include "tasks/icl/few_shot_text.h"
#include "tasks/icl/label_scoring.h"
#include "tasks/icl/prefix_state_cache.h"
#include "tasks/icl/trec_few_shot.h"
#include "tasks/icl/webqs_few_shot.h"

namespace fot::icl {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int64_t kBatchLimit = 32;
constexpr int64_t kTreeTokens = 2048;  // tokens of one batched scoring pass (see run_batch)

int64_t request_tokens(const fot::ScoringItem& item) {
  int64_t n = static_cast<int64_t>(item.context.size());
  for (const auto& c : item.continuations) n += static_cast<int64_t>(c.size());
  return n;
}  // test items per run_batch: large enough to batch, small enough that records flow

enum class Kind { kTrec, kWebqs };
enum class Mode { kShared, kJoint };
enum class BeyondWindow { kKeepLast, kError };

const char* to_string(Mode mode) { return mode == Mode::kShared ? "shared" : "joint"; }
const char* to_string(BeyondWindow policy) { return policy == BeyondWindow::kKeepLast ? "keep_last" : "error"; }

struct Settings {
  Kind kind = Kind::kTrec;
  TrecVariant variant = TrecVariant::kFine;
  std::vector<int64_t> budgets{2048, 4096, 6144, 8192};
  int draws = kDefaultDraws;
  std::string data_dir;  // resolved
  std::string data_dir_text;  // as written
  Mode mode = Mode::kShared;
  std::optional<int64_t> last_context_length;  // unset: window - answer room
  BeyondWindow beyond_window = BeyondWindow::kKeepLast;
  std::optional<int64_t> test_items;
};

// The loaded files with the texts that make prompts; every test item's gold.
struct Data {
  std::vector<std::string> demonstration_texts;  // per train row
  std::vector<std::string> test_prompt_texts;    // per test item
  std::vector<std::string> candidate_texts;      // TREC: per label
  std::vector<int> gold_labels;                  // TREC
  std::vector<std::vector<std::string>> gold_answers;  // WebQS
};

json ids_json(const TokenIds& ids) { return json(std::vector<int32_t>(ids.begin(), ids.end())); }

TokenIds concat(const TokenIds& a, const TokenIds& b) {
  TokenIds out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

class IclTask final : public Task {
 public:
  explicit IclTask(Settings settings) : s_(std::move(settings)) {}

  std::string name() const override { return s_.kind == Kind::kTrec ? "trec" : "webqs"; }
  std::string variant() const override { return s_.kind == Kind::kTrec ? fot::icl::to_string(s_.variant) : "greedy"; }
  std::vector<Axis> axes() const override { return {{"budget", AxisRole::kLength}, {"draw", AxisRole::kDraw}}; }
  std::vector<Metric> metrics() const override {
    return {{s_.kind == Kind::kTrec ? "accuracy" : "exact_match", MetricKind::kBinary}};
  }

  json sample_settings() const override {
    json out = {{"task", name()}};
    if (s_.kind == Kind::kTrec) out["variant"] = variant();
    out["mode"] = to_string(s_.mode);
    out["last_context_length"] = s_.last_context_length ? json(*s_.last_context_length) : json("auto");
    out["beyond_window"] = to_string(s_.beyond_window);
    return out;
  }

  json canonical() const override {
    json out = sample_settings();
    out["context_budgets"] = s_.budgets;
    out["draws"] = s_.draws;
    out["data_dir"] = s_.data_dir_text;
    if (s_.test_items) out["test_items"] = *s_.test_items;
    return out;
  }

  std::vector<WorkItem> plan(int64_t limit) const override {
    int64_t items = static_cast<int64_t>(data().test_prompt_texts.size());
    if (s_.test_items) items = std::min(items, *s_.test_items);
    if (limit > 0) items = std::min(items, limit);
    items_per_point_ = items;
    const json settings = sample_settings();
    std::vector<WorkItem> out;
    for (int64_t budget : s_.budgets)
      for (uint32_t seed : draw_seeds(s_.draws))
        for (int64_t trial = 0; trial < items; ++trial) {
          WorkItem item;
          item.axes = {{"budget", budget}, {"draw", static_cast<int64_t>(seed)}};
          item.trial = trial;
          item.seed = derive_sample_seed(seed, settings, item.point(), trial);
          out.push_back(std::move(item));
        }
    return out;
  }

  // The peak context a sample reads (the memory estimate takes the largest).
  // The tokens a sample puts through the model, shared prefixes counted once. Shared mode: the
  // demonstration prefix (about the budget) is read once per budget and draw and shared by that
  // point's test items; each item adds its test prompt and its candidate labels (TREC) or its
  // answer (WebQS). Joint mode reads the prefix for every item. Token counts come from the
  // encodings check() made for each model's tokenizer (their mean); before any, the budget alone.
  int64_t tokens(const WorkItem& item) const override {
    const int64_t budget = item.int_axis("budget");
    std::vector<std::shared_ptr<const EncodedFewShot>> seen;
    {
      std::lock_guard<std::mutex> lock(encoded_mutex_);
      for (const auto& [codec, encoded] : encoded_) seen.push_back(encoded);
    }
    if (seen.empty()) return budget;
    double per_item = 0.0;
    for (const auto& encoded : seen) {
      const auto& prompts = encoded->test_prompts;
      double n = static_cast<double>(prompts.at(std::min(static_cast<size_t>(item.trial), prompts.size() - 1)).size());
      if (s_.kind == Kind::kTrec)
        for (const auto& candidate : encoded->candidates) n += static_cast<double>(candidate.size());
      else
        n += kWebqsMaxNewTokens / 2.0;  // answers stop at a newline; the cap is kWebqsMaxNewTokens
      per_item += n / static_cast<double>(seen.size());
    }
    const int64_t sharing = s_.mode == Mode::kShared ? std::max<int64_t>(1, items_per_point_.load()) : 1;
    return std::llround(static_cast<double>(budget) / static_cast<double>(sharing) + per_item);
  }

  void check(const ModelView& model) const override {
    const EncodedFewShot& encoded = encoded_for(*model.codec);
    const ModelInfo& info = model.info;
    for (int64_t budget : s_.budgets) {
      if (budget < encoded.reserve + 3)
        throw InputError(fmt::format("{}: context budget {} is too small for model '{}': the longest test prompt "
                                     "with its answer takes {} tokens",
                                     name(), budget, model.name, encoded.reserve));
      const bool beyond = info.memory_window == 0 && info.context_limit > 0 && budget > info.context_limit;
      if (beyond && s_.beyond_window == BeyondWindow::kError)
        throw InputError(fmt::format("{}: context budget {} exceeds model '{}''s window of {} tokens "
                                     "(beyond_window: error; keep_last keeps the last demonstrations that fit)",
                                     name(), budget, model.name, info.context_limit));
    }
    if (info.memory_window > 0) {
      const int64_t lcl = last_context_length(encoded, info);
      if (lcl < 1 || lcl > info.memory_window)
        throw InputError(fmt::format("{}: last_context_length {} for model '{}' is outside 1..{} (its window L){}",
                                     name(), lcl, model.name, info.memory_window,
                                     s_.last_context_length ? "" : " (default: window minus the answer room)"));
    }
  }

  std::string batch_key(const WorkItem& item) const override {
    if (s_.mode != Mode::kShared) return {};
    return item.point();  // budget and draw: what the demonstration prefix depends on besides the model
  }
  int64_t batch_limit() const override { return s_.mode == Mode::kShared ? kBatchLimit : 1; }

  SampleOutcome run(TextModel& model, const WorkItem& item, const SampleOptions& options) const override {
    if (s_.mode == Mode::kShared) return std::move(run_batch(model, {item}, options).front());
    const Prepared p = prepare(model, item);
    const TokenIds& prompt = p.encoded->test_prompts.at(static_cast<size_t>(item.trial));
    const TokenIds whole = concat(p.context.context, prompt);
    const auto state = p.model->encode_prefix(whole);
    SampleOutcome out = outcome(model, p, item, options);
    if (s_.kind == Kind::kTrec) {
      const auto scores = p.model->loglikelihood_many(*state, p.encoded->candidates);
      finish_trec(out, p, item, scores, options);
    } else {
      const TokenIds generated = p.model->generate_greedy(*state, kWebqsMaxNewTokens,
                                                          webqs_stop_rule(p.encoded->newline, model.codec->eos_id()));
      finish_webqs(out, model, p, item, generated);
    }
    out.model_tokens += static_cast<int64_t>(p.context.context.size());
    out.context_passes = 1;
    return out;
  }

  std::vector<SampleOutcome> run_batch(TextModel& model, const std::vector<WorkItem>& items,
                                       const SampleOptions& options) const override {
    if (s_.mode != Mode::kShared || items.empty()) return Task::run_batch(model, items, options);
    const Prepared p = prepare(model, items.front());
    const std::string key = fmt::format("{};lcl={}", items.front().point(), p.lcl);
    const auto lookup = states_.get(model.model, key, [&] { return p.model->encode_prefix(p.context.context); });
    std::vector<SampleOutcome> out;
    for (const auto& item : items) {
      if (item.point() != items.front().point())
        throw std::invalid_argument(name() + ": a batch mixes sweep points " + items.front().point() + " and " +
                                    item.point());
      out.push_back(outcome(model, p, item, options));
    }
    if (s_.kind == Kind::kTrec) {
      std::vector<ScoringItem> requests;
      for (const auto& item : items)
        requests.push_back({p.encoded->test_prompts.at(static_cast<size_t>(item.trial)), p.encoded->candidates});
      // One batched pass holds all its items' tokens as one tree whose attention grows with the
      // square of its size: passes of about kTreeTokens tokens (50 fine labels are 175 tokens with
      // the OpenLLaMA tokenizer, 650 with the tiny models').
      std::vector<std::vector<TokenScores>> scores;
      for (size_t first = 0; first < requests.size();) {
        size_t last = first;
        int64_t tokens = 0;
        while (last < requests.size() && (last == first || tokens + request_tokens(requests[last]) <= kTreeTokens))
          tokens += request_tokens(requests[last++]);
        const std::vector<ScoringItem> part(requests.begin() + static_cast<std::ptrdiff_t>(first),
                                            requests.begin() + static_cast<std::ptrdiff_t>(last));
        for (auto& item_scores : p.model->loglikelihood_items(*lookup.state, part)) scores.push_back(std::move(item_scores));
        first = last;
      }
      for (size_t i = 0; i < items.size(); ++i) finish_trec(out[i], p, items[i], scores.at(i), options);
    } else {
      std::vector<GenerationRequest> requests;
      for (const auto& item : items)
        requests.push_back({p.encoded->test_prompts.at(static_cast<size_t>(item.trial)), kWebqsMaxNewTokens,
                            webqs_stop_rule(p.encoded->newline, model.codec->eos_id())});
      const auto generated = p.model->generate_greedy_many(*lookup.state, requests);
      for (size_t i = 0; i < items.size(); ++i) finish_webqs(out[i], model, p, items[i], generated.at(i));
    }
    // The prefix is read once: its tokens count for the item whose batch read it. (context_passes
    // stays 0, uncounted: one read serves a whole draw and budget, which an integer per item cannot say.)
    if (lookup.computed_here) out.front().model_tokens += static_cast<int64_t>(p.context.context.size());
    return out;
  }

 private:
  // What every item of one (model, draw, budget) shares.
  struct Prepared {
    std::shared_ptr<const EncodedFewShot> encoded;
    DrawContext context;
    size_t accepted = 0;  // demonstrations the budget holds (before a plain model's window policy)
    bool window_policy_applied = false;
    std::shared_ptr<LanguageModel> model;  // the model, or its variant with the task's last_context_length
    int64_t lcl = 0;                       // 0 for plain models
  };

  Prepared prepare(const TextModel& model, const WorkItem& item) const {
    Prepared p;
    p.encoded = encoded_ptr(*model.codec);
    const ModelInfo info = model.model->info();
    const int64_t budget = item.int_axis("budget");
    const auto draw = static_cast<uint32_t>(item.int_axis("draw"));
    const std::vector<size_t> order = draw_permutation(p.encoded->demonstrations.size(), draw);
    const DrawContext full = draw_context(*p.encoded, order, budget);
    p.accepted = full.demonstration_rows.size();
    const bool beyond = info.memory_window == 0 && info.context_limit > 0 && budget > info.context_limit;
    if (beyond && s_.beyond_window == BeyondWindow::kError)
      throw InputError(fmt::format("{}: context budget {} exceeds model '{}''s window of {} tokens (beyond_window: error)",
                                   name(), budget, model.name, info.context_limit));
    p.window_policy_applied = beyond;
    p.context = beyond ? draw_context(*p.encoded, order, budget, info.context_limit) : full;
    p.model = model.model;
    if (info.memory_window > 0) {
      p.lcl = last_context_length(*p.encoded, info);
      if (auto variant = model.model->with_last_context_length(p.lcl)) p.model = std::move(variant);
    }
    return p;
  }

  SampleOutcome outcome(const TextModel& model, const Prepared& p, const WorkItem& item,
                        const SampleOptions& options) const {
    const auto index = static_cast<size_t>(item.trial);
    const TokenIds& prompt = p.encoded->test_prompts.at(index);
    SampleOutcome out;
    out.prompt_ids = concat(p.context.context, prompt);
    out.context_tokens = static_cast<int64_t>(out.prompt_ids.size());
    if (p.lcl > 0) out.memory_config = p.model->info().memory_config;
    json& d = out.details;
    d["mode"] = to_string(s_.mode);
    d["draw"] = item.int_axis("draw");
    d["budget"] = item.int_axis("budget");
    d["test_index"] = item.trial;
    d["n_demonstrations"] = p.context.demonstration_rows.size();
    d["demonstration_indices"] = p.context.demonstration_rows;
    if (p.window_policy_applied) {
      d["beyond_window"] = to_string(s_.beyond_window);
      d["n_demonstrations_in_budget"] = p.accepted;
    }
    if (p.lcl > 0) d["last_context_length"] = p.lcl;
    if (!p.encoded->separator_is_newline) d["separator"] = "eos";
    if (options.log_prompt) {
      const Data& data = this->data();
      std::string text;
      const std::string separator = p.encoded->separator_is_newline ? "\n" : "</s>";
      for (size_t row : p.context.demonstration_rows) text += data.demonstration_texts[row] + separator;
      d["prompt"] = text + data.test_prompt_texts[index];
      d["prompt_ids"] = ids_json(out.prompt_ids);
    }
    (void)model;
    return out;
  }

  void finish_trec(SampleOutcome& out, const Prepared& p, const WorkItem& item, const std::vector<TokenScores>& scores,
                   const SampleOptions& options) const {
    const auto& labels = trec_labels(s_.variant);
    const auto& candidates = p.encoded->candidates;
    std::vector<double> label_scores;
    int64_t label_tokens = 0;
    for (size_t label = 0; label < candidates.size(); ++label) {
      label_scores.push_back(mean_token_logprob(scores.at(label).summary().logprob, candidates[label].size()));
      label_tokens += static_cast<int64_t>(candidates[label].size());
    }
    const size_t predicted = best_label(label_scores);
    const int gold = data().gold_labels.at(static_cast<size_t>(item.trial));
    json& d = out.details;
    d["gold"] = labels[static_cast<size_t>(gold)].name;
    d["prediction"] = labels[predicted].name;
    d["label_scores"] = label_scores;
    d["correct"] = static_cast<int>(predicted) == gold;
    if (options.log_prompt) {
      json ids = json::array();
      for (const auto& c : candidates) ids.push_back(ids_json(c));
      d["candidate_ids"] = ids;
    }
    out.metrics["accuracy"] = static_cast<int>(predicted) == gold ? 1.0 : 0.0;
    const auto item_tokens = static_cast<int64_t>(p.encoded->test_prompts.at(static_cast<size_t>(item.trial)).size());
    out.model_tokens = item_tokens + label_tokens;
    // Reading every request from scratch: each label with its whole prompt (lm-eval's requests).
    out.recompute_tokens = static_cast<int64_t>(candidates.size()) * static_cast<int64_t>(out.prompt_ids.size()) + label_tokens;
  }

  void finish_webqs(SampleOutcome& out, const TextModel& model, const Prepared& p, const WorkItem& item,
                    const TokenIds& generated) const {
    const TokenIds answer = webqs_answer_tokens(generated, p.encoded->newline, model.codec->eos_id());
    const std::string prediction = model.codec->decode(answer);
    const auto& golds = data().gold_answers.at(static_cast<size_t>(item.trial));
    const bool correct = python::squad_exact_match(prediction, golds);
    json& d = out.details;
    d["gold"] = golds;
    d["prediction"] = prediction;
    d["prediction_ids"] = ids_json(generated);
    d["correct"] = correct;
    out.metrics["exact_match"] = correct ? 1.0 : 0.0;
    const auto item_tokens = static_cast<int64_t>(p.encoded->test_prompts.at(static_cast<size_t>(item.trial)).size());
    out.model_tokens = item_tokens + static_cast<int64_t>(generated.size());
    // From scratch: the whole prompt, then each generated token.
    out.recompute_tokens = static_cast<int64_t>(out.prompt_ids.size() + generated.size());
  }

  int64_t last_context_length(const EncodedFewShot& encoded, const ModelInfo& info) const {
    if (s_.last_context_length) return *s_.last_context_length;
    return info.memory_window - encoded.answer_room;
  }

  const Data& data() const {
    std::call_once(data_once_, [&] { data_ = load(); });
    return data_;
  }

  Data load() const {
    Data out;
    if (s_.kind == Kind::kTrec) {
      const TrecSplits splits = load_trec(s_.data_dir);
      const auto& labels = trec_labels(s_.variant);
      const auto train_gold = trec_gold_labels(splits.train, s_.variant);
      for (size_t i = 0; i < splits.train.size(); ++i)
        out.demonstration_texts.push_back(trec_demonstration(splits.train[i].text, labels[train_gold[i]].verbalizer));
      for (const auto& q : splits.test) out.test_prompt_texts.push_back(trec_test_prompt(q.text));
      for (const auto& label : labels) out.candidate_texts.push_back(label.verbalizer);
      out.gold_labels = trec_gold_labels(splits.test, s_.variant);
    } else {
      const WebqsSplits splits = load_webqs(s_.data_dir);
      for (const auto& q : splits.train) out.demonstration_texts.push_back(webqs_demonstration(q.utterance, q.answers.back()));
      for (const auto& q : splits.test) {
        out.test_prompt_texts.push_back(webqs_test_prompt(q.utterance));
        out.gold_answers.push_back(q.answers);
      }
    }
    return out;
  }

  // Encoded once per tokenizer.
  std::shared_ptr<const EncodedFewShot> encoded_ptr(const TextCodec& codec) const {
    const Data& d = data();
    std::lock_guard<std::mutex> lock(encoded_mutex_);
    auto& slot = encoded_[codec.describe()];
    if (!slot)
      slot = std::make_shared<const EncodedFewShot>(encode_few_shot(
          codec, d.demonstration_texts, d.test_prompt_texts, d.candidate_texts,
          s_.kind == Kind::kWebqs ? kWebqsAnswerReserve : 0));
    return slot;
  }
  const EncodedFewShot& encoded_for(const TextCodec& codec) const { return *encoded_ptr(codec); }

  Settings s_;
  mutable std::once_flag data_once_;
  mutable Data data_;
  mutable std::mutex encoded_mutex_;
  mutable std::map<std::string, std::shared_ptr<const EncodedFewShot>> encoded_;
  mutable PrefixStateCache states_{2};
  mutable std::atomic<int64_t> items_per_point_{1};  // test items per budget and draw, as last planned
};

std::vector<int64_t> budgets(const ConfigNode& list) {
  std::vector<int64_t> out;
  std::set<int64_t> seen;
  for (const auto& item : list.non_empty_items()) {
    const int64_t value = item.as_int();
    if (value <= 0) item.fail(fmt::format("context budget must be positive, got {}", value));
    if (!seen.insert(value).second) item.fail(fmt::format("context budget {} is listed twice", value));
    out.push_back(value);
  }
  return out;
}

std::vector<ConfigKey> common_keys() {
  return {
      {"context_budgets", "list of integers >= 1", "[2048, 4096, 6144, 8192]",
       "context budgets in tokens ([BOS] + demonstrations + test prompt + answer room)"},
      {"draws", "integer >= 1", "20", "demonstration draws (seeds 1..draws), each one order of the train split"},
      {"data_dir", "path", "required",
       "directory laid out as ../shared/data (`trec/...`, `webquestions/...`); `${VAR}` expands, relative to the config"},
      {"mode", "`shared` \\| `joint`", "shared",
       "shared: demonstrations read once per draw and budget, every test item extends that state; joint: each test "
       "item's whole prompt read as one prefix"},
      {"last_context_length", "integer >= 1 \\| `auto`", "auto",
       "memory models: tokens kept in the local cache; auto = window L minus the answer room (TREC: longest label; "
       "WebQS: 50)"},
      {"beyond_window", "`keep_last` \\| `error`", "keep_last",
       "a plain model whose window is below a budget keeps the last demonstrations of that budget that fit its "
       "window, or refuses the budget"},
      {"test_items", "integer >= 1", "all", "the first N test items (per budget and draw)"},
  };
}

Settings parse_common(const ConfigNode& entry, Kind kind) {
  Settings s;
  s.kind = kind;
  if (entry.has("context_budgets")) s.budgets = budgets(entry.at("context_budgets"));
  if (entry.has("draws")) s.draws = static_cast<int>(entry.at("draws").as_int_at_least(1));
  const ConfigNode dir = entry.at("data_dir");
  s.data_dir_text = dir.as_string();
  s.data_dir = resolve_path(dir, fs::absolute(entry.file()).parent_path().string());
  if (!fs::is_directory(s.data_dir)) dir.fail(fmt::format("data_dir '{}' is not a directory", s.data_dir));
  if (entry.has("mode")) {
    const ConfigNode mode = entry.at("mode");
    const std::string text = mode.as_string();
    if (text == "shared") s.mode = Mode::kShared;
    else if (text == "joint") s.mode = Mode::kJoint;
    else mode.fail(fmt::format("mode must be 'shared' or 'joint', got '{}'{}", text, suggest(text, {"shared", "joint"})));
  }
  if (entry.has("last_context_length")) {
    const ConfigNode lcl = entry.at("last_context_length");
    if (!(lcl.is_scalar() && lcl.as_string() == "auto")) s.last_context_length = lcl.as_int_at_least(1);
  }
  if (entry.has("beyond_window")) {
    const ConfigNode policy = entry.at("beyond_window");
    const std::string text = policy.as_string();
    if (text == "keep_last") s.beyond_window = BeyondWindow::kKeepLast;
    else if (text == "error") s.beyond_window = BeyondWindow::kError;
    else policy.fail(fmt::format("beyond_window must be 'keep_last' or 'error', got '{}'", text));
  }
  if (entry.has("test_items")) s.test_items = entry.at("test_items").as_int_at_least(1);
  return s;
}

}  // namespace

const ConfigSection& trec_section() {
  static const ConfigSection section = [] {
    ConfigSection out{"tasks[] (trec)",
                      "TREC question classification, few-shot (docs/few-shot-protocol.md): as many demonstrations "
                      "of one draw as the budget holds, each label scored by its mean token log-probability; metric "
                      "accuracy.",
                      {{"name", "`trec`", "required", "the task"},
                       {"variant", "`fine` \\| `coarse`", "fine", "50 fine labels (PCW's verbalizers) or Hao et al.'s 6 coarse ones"}}};
    for (auto& key : common_keys()) out.keys.push_back(key);
    return out;
  }();
  return section;
}

const ConfigSection& webqs_section() {
  static const ConfigSection section = [] {
    ConfigSection out{"tasks[] (webqs)",
                      "WebQuestions, few-shot (docs/few-shot-protocol.md): as many demonstrations of one draw as the "
                      "budget holds, greedy answer up to a newline or 30 tokens, SQuAD exact match against any gold "
                      "answer.",
                      {{"name", "`webqs`", "required", "the task"}}};
    for (auto& key : common_keys()) out.keys.push_back(key);
    return out;
  }();
  return section;
}

std::unique_ptr<Task> parse_trec_task(const ConfigNode& entry, uint64_t /*run_seed*/) {
  check_keys(entry, trec_section());
  Settings s = parse_common(entry, Kind::kTrec);
  if (entry.has("variant")) {
    const ConfigNode variant = entry.at("variant");
    try {
      s.variant = parse_trec_variant(variant.as_string());
    } catch (const InputError& error) {
      variant.fail(error.what());
    }
  }
  return std::make_unique<IclTask>(std::move(s));
}

std::unique_ptr<Task> parse_webqs_task(const ConfigNode& entry, uint64_t /*run_seed*/) {
  check_keys(entry, webqs_section());
  return std::make_unique<IclTask>(parse_common(entry, Kind::kWebqs));
}

}  // namespace fot::icl
