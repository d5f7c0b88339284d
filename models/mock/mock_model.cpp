#include "models/mock/mock_model.h"

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace fot {
namespace {

// The prefix is shared, never copied: forks point at the same tokens.
class MockPrefix final : public PrefixState {
 public:
  explicit MockPrefix(std::shared_ptr<const TokenIds> tokens) : tokens_(std::move(tokens)) {}
  std::unique_ptr<PrefixState> fork() const override { return std::make_unique<MockPrefix>(tokens_); }
  int64_t num_tokens() const override { return static_cast<int64_t>(tokens_->size()); }
  const TokenIds& tokens() const { return *tokens_; }

 private:
  std::shared_ptr<const TokenIds> tokens_;
};

const MockPrefix& as_mock(const PrefixState& state) {
  auto* mock = dynamic_cast<const MockPrefix*>(&state);
  if (!mock) throw std::invalid_argument("mock backend: prefix state comes from another backend");
  return *mock;
}

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 29);
}

// The digits after the first "pass key is " in `text`, or "" when there is none.
std::string find_pass_key(const std::string& text) {
  const std::string marker = "pass key is ";
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
    size_t begin = at + marker.size(), end = begin;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    if (end > begin) return text.substr(begin, end - begin);
  }
  return "";
}

}  // namespace

MockModel::MockModel(const ModelSpec& spec, std::shared_ptr<const TextCodec> codec)
    : settings_(spec.mock), codec_(std::move(codec)) {
  if (settings_.window < 0) throw std::invalid_argument("mock backend: window must be >= 0");
  info_.backend = "mock";
  info_.description = fmt::format("mock retriever, window {} tokens, tokenizer {}", settings_.window,
                                  codec_->describe());
  info_.context_limit = settings_.context_limit;
  info_.vocab_size = codec_->vocab_size();
  info_.bos_id = codec_->bos_id();
  info_.eos_id = codec_->eos_id();
  info_.overflow = spec.overflow.empty() ? OverflowPolicy::kError : parse_overflow_policy(spec.overflow);
  info_.memory_config = spec.memory.is_default() ? "none" : spec.memory.canonical();
}

std::unique_ptr<PrefixState> MockModel::encode_prefix(const TokenIds& prefix) {
  if (info_.context_limit > 0 && static_cast<int64_t>(prefix.size()) > info_.context_limit &&
      info_.overflow == OverflowPolicy::kError)
    throw std::runtime_error(fmt::format("mock backend: input of {} tokens exceeds the context limit of {}",
                                         prefix.size(), info_.context_limit));
  return std::make_unique<MockPrefix>(std::make_shared<const TokenIds>(prefix));
}

void MockModel::pause() const {
  if (settings_.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(settings_.delay_ms));
}

TokenIds MockModel::visible_tail(const PrefixState& prefix) const {
  const TokenIds& all = as_mock(prefix).tokens();
  size_t keep = all.size();
  if (settings_.window > 0 && keep > static_cast<size_t>(settings_.window)) keep = settings_.window;
  if (info_.context_limit > 0 && keep > static_cast<size_t>(info_.context_limit)) keep = info_.context_limit;
  return TokenIds(all.end() - keep, all.end());
}

TokenIds MockModel::greedy_tokens(const TokenIds& visible, int count) const {
  TokenIds out;
  if (count <= 0) return out;
  std::string key = find_pass_key(codec_->decode(visible));
  if (!key.empty()) {
    out = codec_->encode(key);
  } else {
    // A wrong answer that depends only on what the mock sees; the leading 0 keeps it from ever
    // equalling a pass key (1..49999).
    uint64_t h = 0x5eed;
    for (int32_t id : visible) h = mix(h, static_cast<uint64_t>(id));
    out = codec_->encode("0" + std::to_string(h % 10000));
  }
  if (out.size() > static_cast<size_t>(count)) out.resize(count);
  return out;
}

std::unique_ptr<PrefixState> MockModel::extend(const PrefixState& state, const TokenIds& tokens) {
  if (tokens.empty()) throw std::invalid_argument("mock backend: extend with no tokens");
  TokenIds all = as_mock(state).tokens();
  all.insert(all.end(), tokens.begin(), tokens.end());
  return encode_prefix(all);
}

TokenScores MockModel::score(const TokenIds& visible, const TokenIds& continuation) const {
  if (continuation.empty()) throw std::invalid_argument("mock backend: loglikelihood needs a non-empty continuation");
  TokenIds greedy = greedy_tokens(visible, static_cast<int>(continuation.size()));
  uint64_t h = 0x10f;
  for (int32_t id : visible) h = mix(h, static_cast<uint64_t>(id));
  TokenScores scores;
  for (size_t i = 0; i < continuation.size(); ++i) {
    bool top = i < greedy.size() && greedy[i] == continuation[i];
    h = mix(h, static_cast<uint64_t>(continuation[i]));
    scores.logprobs.push_back(top ? -0.05 : -(1.0 + static_cast<double>(h % 1000) / 100.0));
    scores.greedy.push_back(top);
  }
  return scores;
}

// One item (or request) at a time, each pausing once: the mock has no batched pass.
std::vector<std::vector<TokenScores>> MockModel::loglikelihood_items(const PrefixState& state,
                                                                     const std::vector<ScoringItem>& items) {
  std::vector<std::vector<TokenScores>> out;
  for (const ScoringItem& item : items) {
    pause();
    const TokenIds visible = item.context.empty() ? visible_tail(state) : visible_tail(*extend(state, item.context));
    std::vector<TokenScores> scores;
    for (const TokenIds& continuation : item.continuations) scores.push_back(score(visible, continuation));
    out.push_back(std::move(scores));
  }
  return out;
}

std::vector<TokenIds> MockModel::generate_greedy_many(const PrefixState& state,
                                                      const std::vector<GenerationRequest>& requests,
                                                      std::vector<bool>* batched) {
  if (batched) batched->assign(requests.size(), false);
  std::vector<TokenIds> out;
  for (const GenerationRequest& request : requests) {
    pause();
    const TokenIds visible = request.prompt.empty() ? visible_tail(state) : visible_tail(*extend(state, request.prompt));
    TokenIds generated;
    for (int32_t id : greedy_tokens(visible, request.max_new_tokens)) {
      if (id == info_.eos_id) break;
      generated.push_back(id);
      if (request.stop && request.stop(generated)) break;
    }
    out.push_back(std::move(generated));
  }
  return out;
}

}  // namespace fot
