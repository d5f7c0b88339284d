// Token ids of one loglikelihood request, as the two harness generations build them.
//
//  kV03 (lm-eval v0.3.0, the default): context and continuation encoded separately (no BOS, no EOS);
//       an empty context becomes [EOS].
//  kV04 (master from June 2023, BaseLM._encode_pair): trailing whitespace of the context moves to
//       the front of the continuation; continuation = encode(context + continuation)[len(encode(context)):];
//       an empty context still gives [EOS] and a separate continuation encode.
//
// With `bos`, BOS is put in front of the context tokens (the LongLLaMA v1.1 table). Then the window
// (docs/lmeval-v03-parity.md section 5): of context + continuation at most window + 1 tokens are kept, dropping
// the oldest context tokens; with `bos` the BOS stays first and the tokens after it are dropped. The
// result feeds LanguageModel::loglikelihood(context, continuation), whose input is then at most
// `window` tokens. A continuation that leaves no context token is an error (v0.3.0 asserts it).
#pragma once

#include <cstdint>
#include <string>

#include "models/token_ids.h"
#include "models/text_codec.h"

namespace fot::zeroshot {

enum class TokenizationMode { kV03, kV04 };

// "v0.3" | "v0.4"; anything else: fot::InputError.
TokenizationMode parse_tokenization_mode(const std::string& text);
const char* to_string(TokenizationMode mode);

struct TokenizedRequest {
  TokenIds context;       // non-empty
  TokenIds continuation;  // non-empty
};

// window <= 0: no truncation. Throws fot::InputError for an empty continuation encode or a
// continuation longer than the window.
TokenizedRequest tokenize_request(const TextCodec& codec, const std::string& context, const std::string& continuation,
                                  TokenizationMode mode, bool bos, int64_t window);

}  // namespace fot::zeroshot
