#include "tasks/zeroshot/zeroshot_task.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>

#include "common/config_paths.h"
#include "common/input_error.h"
#include "common/sha256.h"
#include "tasks/common/sample_seed.h"
#include "tasks/zeroshot/aggregation.h"
#include "tasks/zeroshot/evaluation_order.h"
#include "tasks/zeroshot/request_tokens.h"
#include "tasks/zeroshot/task_definitions.h"

namespace fot::zeroshot {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct Settings {
  const TaskDefinition* definition = nullptr;
  std::string data_dir;        // resolved
  std::string data_dir_where;  // "file:line:column: tasks[i].data_dir" for messages
  TokenizationMode mode = TokenizationMode::kV03;
  bool bos = false;
  int64_t limit = 0;  // 0: the whole split
  uint64_t run_seed = 0;
};

// The split as read once: documents in file order, v0.3.0's evaluation order, and a content
// fingerprint of the files (a sample's identity follows the data, not the path).
struct Split {
  std::vector<Doc> docs;
  std::vector<size_t> order;
  std::string fingerprint;
};

json token_list(const TokenIds& ids) { return json(std::vector<int32_t>(ids.begin(), ids.end())); }

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("data file not found: {}", path));
  Sha256 hash;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.update(buffer.data(), static_cast<size_t>(in.gcount()));
  }
  return hash.hex_digest();
}

class ZeroShotTask final : public Task {
 public:
  explicit ZeroShotTask(Settings settings) : s_(std::move(settings)), split_(std::make_shared<SplitCache>()) {}

  std::string name() const override { return s_.definition->name; }
  std::string variant() const override { return std::string(to_string(s_.mode)) + (s_.bos ? "+bos" : ""); }
  std::vector<Axis> axes() const override { return {}; }

  std::vector<Metric> metrics() const override {
    std::vector<Metric> out;
    for (const auto& metric : s_.definition->metrics)
      // Every v0.3.0 metric of the suite (acc, acc_norm, em, f1, mc1, mc2) is better higher.
      out.push_back({metric, metric == "f1" || metric == "mc2" ? MetricKind::kContinuous : MetricKind::kBinary, true});
    return out;
  }

  std::vector<SummaryRow> summary_rows() const override {
    return {{"zeroshot_average", "Avg", "Zero-shot average",
             "The LongLLaMA paper's \"Avg\": the mean of its 21 lm-eval v0.3.0 rows (anli_r1..3 acc, "
             "arc_challenge/arc_easy/hellaswag/openbookqa/piqa acc and acc_norm, boolq acc, record em and f1, rte acc, "
             "truthfulqa_mc mc1 and mc2, wic acc, winogrande acc). min n: the fewest samples behind one row.",
             paper_rows()}};
  }

  json canonical() const override {
    json out = sample_settings();
    out["limit"] = s_.limit > 0 ? json(s_.limit) : json("all");
    return out;
  }

  json sample_settings() const override {
    return {{"task", name()},
            {"version", s_.definition->version},
            {"split", s_.definition->split},
            {"tokenization", to_string(s_.mode)},
            {"bos", s_.bos},
            {"data_sha256", split().fingerprint}};
  }

  std::vector<WorkItem> plan(int64_t limit) const override {
    const Split& data = split();
    size_t n = data.order.size();
    if (s_.limit > 0) n = std::min<size_t>(n, static_cast<size_t>(s_.limit));
    if (limit > 0) n = std::min<size_t>(n, static_cast<size_t>(limit));
    const json settings = sample_settings();
    std::vector<WorkItem> out(n);
    for (size_t t = 0; t < n; ++t) {
      out[t].trial = static_cast<int64_t>(t);
      out[t].seed = derive_sample_seed(s_.run_seed, settings, out[t].point(), out[t].trial);
    }
    return out;
  }

  void check(const ModelView& model) const override {
    for (const auto& file : s_.definition->files) {
      const std::string path = (fs::path(s_.data_dir) / file).string();
      if (!fs::is_regular_file(path))
        throw InputError(fmt::format("{}: {} needs the data file {} (not found; see tasks/zeroshot/README.md for "
                                     "where it comes from)",
                                     s_.data_dir_where, name(), path));
    }
    if (!model.codec) return;
    // The tokenizer's characters per token on the first documents (for tokens()).
    const Split& data = split();
    size_t chars = 0, tokens = 0;
    for (size_t i = 0; i < std::min<size_t>(16, data.order.size()); ++i)
      for (const auto& request : build_requests(*s_.definition, data.docs.at(data.order[i]))) {
        chars += request.context.size() + request.continuation.size();
        tokens += model.codec->encode(request.context).size() + model.codec->encode(request.continuation).size();
      }
    if (chars > 0 && tokens > 0) split_->chars_per_token = static_cast<double>(chars) / static_cast<double>(tokens);
  }

  // The tokens run() puts through the model: each distinct context once and every continuation,
  // at the characters per token that check() measured on this task's text with the model's
  // tokenizer (4 before any check).
  int64_t tokens(const WorkItem& item) const override {
    return static_cast<int64_t>(static_cast<double>(model_chars(doc_of(item))) / split_->chars_per_token.load() + 1);
  }

  // One request per lm-eval request; the executor reads each distinct context once and scores its
  // continuations together after it.
  PreparedItem prepare(const ModelView& model, const WorkItem& item, const SampleOptions& options) const override {
    const Doc& doc = doc_of(item);
    const std::vector<Request> requests = build_requests(*s_.definition, doc);
    const int64_t window = model.info.context_limit;
    PreparedItem out;
    std::vector<TokenizedRequest> tokens;
    int64_t truncated = 0;  // requests whose context lost its oldest tokens to the window
    for (const auto& request : requests) {
      tokens.push_back(tokenize_request(*model.codec, request.context, request.continuation, s_.mode, s_.bos, window));
      const auto& t = tokens.back();
      if (window > 0 && static_cast<int64_t>(t.context.size() + t.continuation.size()) == window + 1)
        truncated += tokenize_request(*model.codec, request.context, request.continuation, s_.mode, s_.bos, 0)
                         .context.size() > t.context.size();
      fot::Request asked;
      asked.context = t.context;
      asked.continuations = {t.continuation};
      out.requests.push_back(std::move(asked));
    }
    SampleOutcome& o = out.outcome;
    for (const auto& t : tokens) {
      o.prompt_ids.insert(o.prompt_ids.end(), t.context.begin(), t.context.end());
      o.prompt_ids.insert(o.prompt_ids.end(), t.continuation.begin(), t.continuation.end());
    }
    json& d = o.details;
    d["doc_index"] = doc.doc_index;
    d["gold"] = doc.gold;
    if (options.log_prompt) {
      json texts = json::array(), ids = json::array();
      for (size_t r = 0; r < requests.size(); ++r) {
        texts.push_back({requests[r].context, requests[r].continuation});
        ids.push_back({token_list(tokens[r].context), token_list(tokens[r].continuation)});
      }
      d["requests"] = std::move(texts);
      d["request_tokens"] = std::move(ids);
    }
    out.memo = truncated;
    return out;
  }

  void finish(const ModelView&, const WorkItem& item, PreparedItem& prepared,
              const std::vector<fot::Response>& responses) const override {
    std::vector<double> lls;
    for (const auto& response : responses) lls.push_back(response.scores.at(0).summary().logprob);
    SampleOutcome& out = prepared.outcome;
    json& d = out.details;
    d["loglikelihoods"] = lls;
    d["context_passes"] = out.context_passes;
    d["truncated_requests"] = std::any_cast<int64_t>(prepared.memo);
    for (const auto& [metric, value] : score_doc(*s_.definition, doc_of(item), lls)) out.metrics[metric] = value;
  }

 private:
  struct SplitCache {
    std::once_flag once;
    Split split;
    std::atomic<double> chars_per_token{4.0};
  };

  // Read on first use (plan), so parsing a config with many entries reads no data set.
  const Split& split() const {
    std::call_once(split_->once, [this] {
      check({});
      Split data;
      try {
        data.docs = load_task_docs(*s_.definition, s_.data_dir);
      } catch (const InputError& error) {
        throw InputError(fmt::format("{}: {}: {}", s_.data_dir_where, name(), error.what()));
      }
      data.order = evaluation_order(data.docs.size());
      Sha256 hash;
      for (const auto& file : s_.definition->files)
        hash.update(file + ":" + file_sha256((fs::path(s_.data_dir) / file).string()) + "\n");
      data.fingerprint = hash.hex_digest();
      split_->split = std::move(data);
    });
    return split_->split;
  }

  // Characters of a document's requests as run() reads them: each distinct context once.
  size_t model_chars(const Doc& doc) const {
    std::set<std::string> contexts;
    size_t chars = 0;
    for (const auto& request : build_requests(*s_.definition, doc)) {
      if (contexts.insert(request.context).second) chars += request.context.size();
      chars += request.continuation.size();
    }
    return chars;
  }

  const Doc& doc_of(const WorkItem& item) const {
    const Split& data = split();
    return data.docs.at(data.order.at(static_cast<size_t>(item.trial)));
  }

  Settings s_;
  std::shared_ptr<SplitCache> split_;
};

}  // namespace

const ConfigSection& zeroshot_section() {
  static const ConfigSection section{
      "tasks[] (zero-shot: anli_r1, anli_r2, anli_r3, arc_challenge, arc_easy, boolq, hellaswag, openbookqa, piqa, "
      "record, rte, truthfulqa_mc, wic, winogrande)",
      "A task of lm-evaluation-harness v0.3.0's zero-shot suite, request for request. Item t is the t-th document "
      "of v0.3.0's order (random.Random(42).shuffle), so `--limit N` scores the documents lm-eval's `--limit N` "
      "would. The data layout is in tasks/zeroshot/README.md.",
      {
          {"name", "one of the 14 task names", "required", "the task"},
          {"data_dir", "path", "required", "the data sets, laid out as ../shared/data (`${VAR}` expands; relative to "
                                           "the config file)"},
          {"tokenization", "`v0.3` \\| `v0.4`", "`v0.3`",
           "`v0.3`: context and continuation encoded separately; `v0.4`: the June 2023 `_encode_pair` rule"},
          {"bos", "boolean", "false", "put BOS before each context (the LongLLaMA v1.1 table)"},
          {"limit", "integer >= 1", "the whole split", "score the first N documents of the evaluation order"},
      }};
  return section;
}

std::unique_ptr<Task> parse_zeroshot_task(const ConfigNode& entry, uint64_t run_seed) {
  check_keys(entry, zeroshot_section());
  Settings s;
  const ConfigNode name = entry.at("name");
  try {
    s.definition = &find_zeroshot_task(name.as_string());
  } catch (const InputError& error) {
    name.fail(error.what());
  }
  const ConfigNode data_dir = entry.at("data_dir");
  s.data_dir = resolve_path(data_dir, fs::absolute(entry.file()).parent_path().string());
  s.data_dir_where = data_dir.where() + ": " + data_dir.path();
  if (entry.has("tokenization")) {
    const ConfigNode mode = entry.at("tokenization");
    try {
      s.mode = parse_tokenization_mode(mode.as_string());
    } catch (const InputError& error) {
      mode.fail(error.what());
    }
  }
  if (entry.has("bos")) s.bos = entry.at("bos").as_bool();
  if (entry.has("limit")) s.limit = entry.at("limit").as_int_at_least(1);
  s.run_seed = run_seed;
  return std::make_unique<ZeroShotTask>(std::move(s));
}

}  // namespace fot::zeroshot
