#include "tasks/icl/few_shot_task.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/config_paths.h"
#include "common/input_error.h"
#include "common/suggest.h"
#include "tasks/common/sample_seed.h"
#include "tasks/icl/answer_generation.h"
#include "tasks/icl/draw_order.h"

namespace fot::icl {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const char* to_string(BeyondWindow policy) { return policy == BeyondWindow::kKeepLast ? "keep_last" : "error"; }

json ids_json(const TokenIds& ids) { return json(std::vector<int32_t>(ids.begin(), ids.end())); }

std::vector<int64_t> parse_budgets(const ConfigNode& list) {
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

bool beyond_window(const ModelInfo& info, int64_t budget) {
  return info.memory_window == 0 && info.context_limit > 0 && budget > info.context_limit;
}

}  // namespace

const char* to_string(Mode mode) { return mode == Mode::kShared ? "shared" : "joint"; }

Request few_shot_request(Mode mode, const TokenIds& prefix, const TokenIds& test_prompt, int64_t lcl,
                         const std::string& shared_key) {
  Request request;
  if (mode == Mode::kShared) {
    request.shared = prefix;
    request.shared_key = shared_key;
    request.context = test_prompt;
  } else {
    request.context = prefix;
    request.context.insert(request.context.end(), test_prompt.begin(), test_prompt.end());
    request.one_call_per_continuation = true;
  }
  request.last_context_length = lcl;
  return request;
}

std::vector<ConfigKey> few_shot_keys() {
  return {
      {"context_budgets", "list of integers >= 1", "[2048, 4096, 6144, 8192]",
       "context budgets in tokens ([BOS] + demonstrations + test prompt + answer room)"},
      {"draws", "integer >= 1", "20", "demonstration draws (seeds 1..draws), each one order of the train split"},
      {"data_dir", "path", "required",
       "directory laid out as ../shared/data (`trec/...`, `webquestions/...`); `${VAR}` expands, relative to the config"},
      {"mode", "`shared` \\| `joint`", "shared",
       "shared: [BOS] + demonstrations read once per draw and budget, each test item read after that state; joint: "
       "each test item's whole prompt read from scratch, a TREC label as one forward call on prompt + label "
       "(docs/few-shot.md)"},
      {"last_context_length", "integer >= 1 \\| `auto`", "auto",
       "memory models: tokens kept in the local cache; auto = L - M (window L minus the budget rule's reserve M: the "
       "longest test prompt plus the longest answer); shared mode refuses more than L - M"},
      {"beyond_window", "`keep_last` \\| `error`", "keep_last",
       "a plain model whose window is below a budget keeps the last demonstrations of that budget that fit its "
       "window, or refuses the budget"},
      {"test_items", "integer >= 1", "all", "the first N test items (per budget and draw)"},
  };
}

FewShotSettings parse_few_shot_settings(const ConfigNode& entry) {
  FewShotSettings s;
  if (entry.has("context_budgets")) s.budgets = parse_budgets(entry.at("context_budgets"));
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

json FewShotTask::sample_settings() const {
  json out = identity();
  out["mode"] = to_string(s_.mode);
  out["last_context_length"] = s_.last_context_length ? json(*s_.last_context_length) : json("auto");
  out["beyond_window"] = to_string(s_.beyond_window);
  return out;
}

json FewShotTask::canonical() const {
  json out = sample_settings();
  out["context_budgets"] = s_.budgets;
  out["draws"] = s_.draws;
  out["data_dir"] = s_.data_dir_text;
  if (s_.test_items) out["test_items"] = *s_.test_items;
  return out;
}

std::vector<WorkItem> FewShotTask::plan(int64_t limit) const {
  int64_t items = static_cast<int64_t>(texts().test_prompts.size());
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

// Shared mode: the demonstration prefix (about the budget) is read once per budget and draw and
// shared by that point's test items; each item adds its test prompt and its labels (TREC) or its
// answer (WebQS, about half the cap: answers stop at a newline). Joint mode reads the whole prompt
// for every item, once per distinct label length (each label is one forward call on prompt + label,
// and labels of one length share one read). Token counts come from the encodings check() made for
// each model's tokenizer (their mean); before any, the budget alone.
int64_t FewShotTask::tokens(const WorkItem& item) const {
  const int64_t budget = item.int_axis("budget");
  std::vector<std::shared_ptr<const EncodedFewShot>> seen;
  {
    std::lock_guard<std::mutex> lock(encoded_mutex_);
    for (const auto& [codec, encoded] : encoded_) seen.push_back(encoded);
  }
  if (seen.empty()) return budget;
  const bool shared = s_.mode == Mode::kShared;
  double per_item = 0.0;
  for (const auto& encoded : seen) {
    const auto& prompts = encoded->test_prompts;
    const double prompt =
        static_cast<double>(prompts.at(std::min(static_cast<size_t>(item.trial), prompts.size() - 1)).size());
    double answers = kWebqsMaxNewTokens / 2.0;
    double reads = 1.0;
    if (!encoded->candidates.empty()) {
      answers = 0.0;
      std::set<size_t> lengths;
      for (const auto& candidate : encoded->candidates) {
        answers += static_cast<double>(candidate.size());
        lengths.insert(candidate.size());
      }
      reads = static_cast<double>(lengths.size());
    }
    per_item += (shared ? prompt + answers : (static_cast<double>(budget) + prompt) * reads + answers) /
                static_cast<double>(seen.size());
  }
  const double prefix = shared ? static_cast<double>(budget) / static_cast<double>(std::max<int64_t>(1, items_per_point_.load())) : 0.0;
  return std::llround(prefix + per_item);
}

int64_t FewShotTask::last_context_length(const EncodedFewShot& encoded, const ModelInfo& info) const {
  if (s_.last_context_length) return *s_.last_context_length;
  return info.memory_window - encoded.reserve;
}

void FewShotTask::check(const ModelView& model) const {
  const EncodedFewShot& e = encoded(*model.codec);
  const ModelInfo& info = model.info;
  for (int64_t budget : s_.budgets) {
    if (budget < e.reserve + 3)
      throw InputError(fmt::format("{}: context budget {} is too small for model '{}': the longest test prompt "
                                   "with its answer takes {} tokens",
                                   name(), budget, model.name, e.reserve));
    if (beyond_window(info, budget) && s_.beyond_window == BeyondWindow::kError)
      throw InputError(fmt::format("{}: context budget {} exceeds model '{}''s window of {} tokens "
                                   "(beyond_window: error; keep_last keeps the last demonstrations that fit)",
                                   name(), budget, model.name, info.context_limit));
  }
  if (info.memory_window == 0) return;
  const int64_t window = info.memory_window, lcl = last_context_length(e, info), most = window - e.reserve;
  if (!s_.last_context_length && most < 1)
    throw InputError(fmt::format("{}: model '{}''s window L = {} cannot hold the longest test prompt with its answer "
                                 "(M = {} tokens), so no last_context_length L - M exists",
                                 name(), model.name, window, e.reserve));
  if (lcl < 1 || lcl > window)
    throw InputError(fmt::format("{}: last_context_length {} for model '{}' is outside 1..{} (its window L)", name(),
                                 lcl, model.name, window));
  if (s_.mode == Mode::kShared && lcl > most)
    throw InputError(fmt::format("{}: last_context_length {} for model '{}' exceeds L - M = {} - {} = {}: in shared "
                                 "mode a test prompt and its answer appended to the demonstrations' local cache "
                                 "would overflow the window and flush it (docs/few-shot.md)",
                                 name(), lcl, model.name, window, e.reserve, most));
  if (s_.mode == Mode::kJoint && lcl <= e.answer_room && generation_reserve() == 0)
    throw InputError(fmt::format("{}: last_context_length {} for model '{}' must exceed the longest label ({} tokens): "
                                 "each label is scored in the local cache of one forward call",
                                 name(), lcl, model.name, e.answer_room));
}

std::string FewShotTask::batch_key(const WorkItem& item) const {
  if (s_.mode != Mode::kShared) return {};
  return item.point();  // budget and draw: what the demonstration prefix depends on besides the model
}

PreparedItem FewShotTask::prepare(const ModelView& model, const WorkItem& item, const SampleOptions& options) const {
  const auto encoded = encoded_ptr(*model.codec);
  const ModelInfo& info = model.info;
  const int64_t budget = item.int_axis("budget");
  const auto draw = static_cast<uint32_t>(item.int_axis("draw"));
  const std::vector<size_t> order = draw_permutation(encoded->demonstrations.size(), draw);
  const DrawContext full = draw_context(*encoded, order, budget);
  const bool beyond = beyond_window(info, budget);
  if (beyond && s_.beyond_window == BeyondWindow::kError)
    throw InputError(fmt::format("{}: context budget {} exceeds model '{}''s window of {} tokens (beyond_window: error)",
                                 name(), budget, model.name, info.context_limit));
  const DrawContext context = beyond ? draw_context(*encoded, order, budget, info.context_limit) : full;
  const auto index = static_cast<size_t>(item.trial);
  const TokenIds& question = encoded->test_prompts.at(index);
  const int64_t lcl = info.memory_window > 0 ? last_context_length(*encoded, info) : 0;

  PreparedItem out;
  Request request = few_shot_request(s_.mode, context.context, question, lcl,
                                     fmt::format("{}/{};{}", name(), variant(), item.point()));
  ask(*encoded, *model.codec, request);
  if (request.generate) request.one_call_per_continuation = false;
  out.requests.push_back(std::move(request));

  SampleOutcome& o = out.outcome;
  o.prompt_ids = context.context;
  o.prompt_ids.insert(o.prompt_ids.end(), question.begin(), question.end());
  o.context_tokens = static_cast<int64_t>(o.prompt_ids.size());
  json& d = o.details;
  d["mode"] = to_string(s_.mode);
  d["draw"] = item.int_axis("draw");
  d["budget"] = budget;
  d["test_index"] = item.trial;
  d["n_demonstrations"] = context.demonstration_rows.size();
  d["demonstration_indices"] = context.demonstration_rows;
  if (beyond) {
    d["beyond_window"] = to_string(s_.beyond_window);
    d["n_demonstrations_in_budget"] = full.demonstration_rows.size();
  }
  d["prefix_tokens"] = context.context.size();  // where [BOS] + demonstrations end
  d["last_context_length"] = lcl > 0 ? json(lcl) : json(nullptr);
  if (!encoded->separator_is_newline) d["separator"] = "eos";
  if (options.log_prompt) {
    const FewShotTexts& t = texts();
    std::string text;
    const std::string separator = encoded->separator_is_newline ? "\n" : "</s>";
    for (size_t row : context.demonstration_rows) text += t.demonstrations[row] + separator;
    d["prompt"] = text + t.test_prompts[index];
    d["prompt_ids"] = ids_json(o.prompt_ids);
  }
  return out;
}

const FewShotTexts& FewShotTask::texts() const {
  std::call_once(texts_once_, [&] { texts_ = load_texts(); });
  return texts_;
}

std::shared_ptr<const EncodedFewShot> FewShotTask::encoded_ptr(const TextCodec& codec) const {
  const FewShotTexts& t = texts();
  std::lock_guard<std::mutex> lock(encoded_mutex_);
  auto& slot = encoded_[codec.describe()];
  if (!slot)
    slot = std::make_shared<const EncodedFewShot>(
        encode_few_shot(codec, t.demonstrations, t.test_prompts, t.candidates, generation_reserve()));
  return slot;
}

}  // namespace fot::icl
