#include "harness/execution/executor.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <stdexcept>
#include <utility>

namespace fot {

struct Executor::Cost {
  int64_t model_tokens = 0, recompute_tokens = 0, passes = 0;
  bool shared = false, unbatched = false;
};

namespace {

int64_t size_of(const TokenIds& ids) { return static_cast<int64_t>(ids.size()); }

StopPredicate stop_rule(const Generation& generation) {
  if (generation.stop_tokens.empty()) return {};
  return [stops = generation.stop_tokens](const TokenIds& generated) {
    return !generated.empty() && std::find(stops.begin(), stops.end(), generated.back()) != stops.end();
  };
}

void check_request(const Request& request) {
  if (request.generate == !request.continuations.empty())
    throw std::invalid_argument("request: needs either continuations or a generation");
  if (!request.shared_key.empty() && request.shared.empty())
    throw std::invalid_argument("request: a shared_key without shared tokens");
  if (request.one_call_per_continuation && (!request.shared_key.empty() || request.generate))
    throw std::invalid_argument("request: one call per continuation takes neither a shared part nor a generation");
  for (const TokenIds& continuation : request.continuations)
    if (continuation.empty()) throw std::invalid_argument("request: empty continuation");
}

// What a run reading every request from scratch puts through the model.
int64_t recompute_tokens(const Request& request, const Response& response) {
  const int64_t context = size_of(request.shared) + size_of(request.context);
  if (request.generate) return context + size_of(response.generated);
  int64_t out = 0;
  for (const TokenIds& continuation : request.continuations) out += context + size_of(continuation);
  return out;
}

int64_t continuation_tokens(const Request& request) {
  int64_t out = 0;
  for (const TokenIds& continuation : request.continuations) out += size_of(continuation);
  return out;
}

}  // namespace

Executor::Executor(std::shared_ptr<LanguageModel> model, ModelView view, size_t cached_states)
    : model_(std::move(model)), view_(std::move(view)), states_(cached_states) {}

Executor::Executor(const TextModel& model, size_t cached_states)
    : Executor(model.model, ModelView{model.name, model.model->info(), model.codec}, cached_states) {}

std::shared_ptr<LanguageModel> Executor::variant(int64_t last_context_length) {
  if (last_context_length == 0) return model_;
  std::lock_guard<std::mutex> lock(variants_mutex_);
  auto& slot = variants_[last_context_length];
  if (!slot) {
    slot = model_->with_last_context_length(last_context_length);
    if (!slot) slot = model_;
  }
  return slot;
}

SampleOutcome Executor::run(const Task& task, const WorkItem& item, const SampleOptions& options) {
  return std::move(run(task, std::vector<WorkItem>{item}, options).front());
}

std::vector<SampleOutcome> Executor::run(const Task& task, const std::vector<WorkItem>& items,
                                         const SampleOptions& options) {
  std::vector<PreparedItem> prepared;
  prepared.reserve(items.size());
  for (const WorkItem& item : items) {
    prepared.push_back(task.prepare(view_, item, options));
    for (const Request& request : prepared.back().requests) check_request(request);
  }
  std::vector<std::vector<Response>> responses(items.size());
  std::vector<Cost> costs(items.size());
  for (size_t i = 0; i < items.size(); ++i) responses[i].resize(prepared[i].requests.size());
  run_shared(prepared, responses, costs);
  for (size_t i = 0; i < items.size(); ++i) run_alone(prepared[i], responses[i], costs[i]);

  std::vector<SampleOutcome> out;
  out.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    SampleOutcome& outcome = prepared[i].outcome;
    outcome.model_tokens = costs[i].model_tokens;
    outcome.context_passes = costs[i].passes;
    outcome.recompute_tokens = 0;
    int64_t variant_lcl = 0;
    for (size_t r = 0; r < prepared[i].requests.size(); ++r) {
      const Request& request = prepared[i].requests[r];
      outcome.recompute_tokens += recompute_tokens(request, responses[i][r]);
      if (request.last_context_length > 0) variant_lcl = request.last_context_length;
    }
    if (variant_lcl > 0 && view_.info.memory_window > 0) outcome.memory_config = variant(variant_lcl)->info().memory_config;
    if (costs[i].shared) ++shared_items_;
    if (costs[i].unbatched) ++unbatched_items_;
    // The task reads the responses with the accounting already in place.
    task.finish(view_, items[i], prepared[i], responses[i]);
    out.push_back(std::move(outcome));
  }
  return out;
}

// Requests with a shared part: per (variant, shared context), one cached state, every request's
// context read after it in batched passes.
void Executor::run_shared(const std::vector<PreparedItem>& prepared, std::vector<std::vector<Response>>& responses,
                          std::vector<Cost>& costs) {
  struct Member {
    size_t item, request;
  };
  std::vector<std::pair<std::pair<int64_t, std::string>, std::vector<Member>>> groups;  // in order of first use
  for (size_t i = 0; i < prepared.size(); ++i)
    for (size_t r = 0; r < prepared[i].requests.size(); ++r) {
      const Request& request = prepared[i].requests[r];
      if (request.shared_key.empty()) continue;
      const std::pair<int64_t, std::string> key{request.last_context_length, request.shared_key};
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
      if (it == groups.end()) {
        groups.emplace_back(key, std::vector<Member>{});
        it = std::prev(groups.end());
      }
      it->second.push_back({i, r});
    }
  for (const auto& [key, members] : groups) {
    const std::shared_ptr<LanguageModel> model = variant(key.first);
    const Request& first = prepared[members.front().item].requests[members.front().request];
    const auto lookup = states_.get(model, fmt::format("{};lcl={}", key.second, key.first),
                                    [&] { return model->encode_prefix(first.shared); });
    // The shared part is read once: its tokens count for the item whose batch read it.
    if (lookup.computed_here) costs[members.front().item].model_tokens += size_of(first.shared);

    std::vector<Member> scoring, generating;
    for (const Member& m : members) {
      const Request& request = prepared[m.item].requests[m.request];
      if (request.shared != first.shared)
        throw std::invalid_argument("requests with shared_key '" + key.second + "' differ in their shared tokens");
      (request.generate ? generating : scoring).push_back(m);
      Cost& cost = costs[m.item];
      cost.shared = true;
      cost.model_tokens += size_of(request.context) + continuation_tokens(request);
    }
    for (size_t begin = 0; begin < scoring.size();) {
      size_t end = begin;
      int64_t tokens = 0;
      std::vector<ScoringItem> pass;
      while (end < scoring.size()) {
        const Request& request = prepared[scoring[end].item].requests[scoring[end].request];
        const int64_t n = size_of(request.context) + continuation_tokens(request);
        if (end > begin && tokens + n > kTreeTokens) break;
        tokens += n;
        pass.push_back({request.context, request.continuations});
        ++end;
      }
      auto scores = model->loglikelihood_items(*lookup.state, pass);
      for (size_t k = 0; k < pass.size(); ++k) {
        const Member& m = scoring[begin + k];
        for (const TokenScores& s : scores[k]) costs[m.item].unbatched = costs[m.item].unbatched || !s.batched;
        responses[m.item][m.request].scores = std::move(scores[k]);
      }
      begin = end;
    }
    if (!generating.empty()) {
      std::vector<GenerationRequest> requests;
      for (const Member& m : generating) {
        const Request& request = prepared[m.item].requests[m.request];
        requests.push_back({request.context, request.generation.max_new_tokens, stop_rule(request.generation)});
      }
      std::vector<bool> batched;
      auto generated = model->generate_greedy_many(*lookup.state, requests, &batched);
      for (size_t k = 0; k < generating.size(); ++k) {
        const Member& m = generating[k];
        costs[m.item].unbatched = costs[m.item].unbatched || !batched.at(k);
        costs[m.item].model_tokens += size_of(generated[k]);
        responses[m.item][m.request].generated = std::move(generated[k]);
      }
    }
  }
}

// Requests read from scratch: equal contexts (under one variant) read once, every continuation of
// them scored after that state in one batched call, each generation from it.
void Executor::run_alone(const PreparedItem& prepared, std::vector<Response>& responses, Cost& cost) {
  std::vector<std::pair<std::pair<int64_t, TokenIds>, std::vector<size_t>>> contexts;  // in order of first use
  for (size_t r = 0; r < prepared.requests.size(); ++r) {
    const Request& request = prepared.requests[r];
    if (!request.shared_key.empty()) continue;
    if (request.one_call_per_continuation && view_.info.memory_window > 0) {
      // On a memory model a call of n tokens keeps its last lcl in the local cache: context +
      // continuation as one call under lcl equals the context read under lcl - |continuation|
      // followed by the continuation through the local cache (causal, no flush). Continuations
      // of one length share that read.
      const int64_t lcl = request.last_context_length;
      if (lcl <= 0) throw std::invalid_argument("request: one call per continuation on a memory model needs its lcl");
      std::map<int64_t, std::vector<size_t>> by_length;
      for (size_t c = 0; c < request.continuations.size(); ++c)
        by_length[size_of(request.continuations[c])].push_back(c);
      responses[r].scores.resize(request.continuations.size());
      for (const auto& [length, members] : by_length) {
        if (length >= lcl)
          throw std::invalid_argument(fmt::format("request: a continuation of {} tokens leaves no context in a local "
                                                  "cache of last_context_length {}",
                                                  length, lcl));
        const auto model = variant(lcl - length);
        const auto state = model->encode_prefix(request.context);
        std::vector<TokenIds> continuations;
        for (size_t c : members) continuations.push_back(request.continuations[c]);
        auto scores = model->loglikelihood_many(*state, continuations);
        for (size_t k = 0; k < members.size(); ++k) responses[r].scores[members[k]] = std::move(scores[k]);
        cost.model_tokens += size_of(request.context);
        ++cost.passes;
      }
      cost.model_tokens += continuation_tokens(request);
      continue;
    }
    const std::pair<int64_t, TokenIds> key{request.last_context_length, request.context};
    auto it = std::find_if(contexts.begin(), contexts.end(), [&](const auto& c) { return c.first == key; });
    if (it == contexts.end()) {
      contexts.emplace_back(key, std::vector<size_t>{});
      it = std::prev(contexts.end());
    }
    it->second.push_back(r);
  }
  for (const auto& [key, members] : contexts) {
    const auto model = variant(key.first);
    const auto state = model->encode_prefix(key.second);
    cost.model_tokens += size_of(key.second);
    ++cost.passes;
    std::vector<TokenIds> continuations;
    for (size_t r : members)
      for (const TokenIds& continuation : prepared.requests[r].continuations) continuations.push_back(continuation);
    std::vector<TokenScores> scores;
    if (!continuations.empty()) scores = model->loglikelihood_many(*state, continuations);
    size_t next = 0;
    for (size_t r : members) {
      const Request& request = prepared.requests[r];
      if (request.generate) {
        responses[r].generated =
            model->generate_greedy(*state, request.generation.max_new_tokens, stop_rule(request.generation));
        cost.model_tokens += size_of(responses[r].generated);
        continue;
      }
      for (size_t c = 0; c < request.continuations.size(); ++c) responses[r].scores.push_back(std::move(scores[next++]));
      cost.model_tokens += continuation_tokens(request);
    }
  }
}

}  // namespace fot
