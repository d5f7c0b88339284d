#include "tasks/zeroshot/request_tokens.h"

#include <algorithm>

#include "common/input_error.h"
#include "tasks/common/python/text.h"

namespace fot::zeroshot {

TokenizationMode parse_tokenization_mode(const std::string& text) {
  if (text == "v0.3") return TokenizationMode::kV03;
  if (text == "v0.4") return TokenizationMode::kV04;
  throw InputError("tokenization must be 'v0.3' or 'v0.4', got '" + text + "'");
}

const char* to_string(TokenizationMode mode) { return mode == TokenizationMode::kV03 ? "v0.3" : "v0.4"; }

namespace {

TokenizedRequest encode_pair(const TextCodec& codec, std::string context, std::string continuation,
                             TokenizationMode mode) {
  if (context.empty()) return {{codec.eos_id()}, codec.encode(continuation)};
  if (mode == TokenizationMode::kV03) return {codec.encode(context), codec.encode(continuation)};
  const std::string stripped = python::rstrip(context);
  continuation = context.substr(stripped.size()) + continuation;
  context = stripped;
  const TokenIds whole = codec.encode(context + continuation);
  TokenIds context_ids = codec.encode(context);
  const size_t split = std::min(context_ids.size(), whole.size());
  return {std::move(context_ids), TokenIds(whole.begin() + split, whole.end())};
}

}  // namespace

TokenizedRequest tokenize_request(const TextCodec& codec, const std::string& context, const std::string& continuation,
                                  TokenizationMode mode, bool bos, int64_t window) {
  auto request = encode_pair(codec, context, continuation, mode);
  if (request.continuation.empty())
    throw InputError("the continuation '" + continuation + "' encodes to no tokens");
  if (request.context.empty()) throw InputError("the context '" + context + "' encodes to no tokens");
  if (bos) request.context.insert(request.context.begin(), codec.bos_id());
  if (window <= 0) return request;
  const int64_t cont = static_cast<int64_t>(request.continuation.size());
  const int64_t keep_context = window + 1 - cont;  // context tokens (BOS included) that fit
  if (keep_context < 1)
    throw InputError("a continuation of " + std::to_string(cont) + " tokens does not fit the window of " +
                     std::to_string(window) + " tokens");
  auto& ctx = request.context;
  if (static_cast<int64_t>(ctx.size()) > keep_context) {
    const size_t first_kept = ctx.size() - static_cast<size_t>(bos ? keep_context - 1 : keep_context);
    TokenIds kept;
    if (bos) kept.push_back(ctx.front());
    kept.insert(kept.end(), ctx.begin() + first_kept, ctx.end());
    ctx = std::move(kept);
  }
  return request;
}

}  // namespace fot::zeroshot
