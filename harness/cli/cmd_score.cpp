// fot-eval score: log-likelihood of a continuation given a context, split as lm-evaluation-harness
// does: context+continuation encoded together, the continuation being what follows the context's
// own encoding (trailing spaces of the context move into the continuation).
#include <fmt/format.h>

#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "models/model_factory.h"

namespace fot::cli {

int run_score(const std::vector<std::string>& args) {
  ModelFlags model_flags;
  TokenizerFlag tokenizer;
  std::string context, continuation;
  po::options_description flags("score");
  add_flags(flags, model_flags);
  add_flags(flags, tokenizer, /*required=*/false);
  flags.add_options()
      ("context", po::value(&context)->default_value(""), "context text (BOS is prepended)")
      ("continuation", po::value(&continuation)->required(), "continuation text to score");
  po::variables_map values;
  if (!parse_flags(args, flags, "score --model PATH [--tokenizer PATH] --context TEXT --continuation TEXT", values))
    return kExitOk;

  while (!context.empty() && context.back() == ' ') {
    continuation.insert(continuation.begin(), ' ');
    context.pop_back();
  }
  auto text_model = load_text_model(to_model_spec(model_flags, tokenizer.path));
  const auto& codec = *text_model.codec;
  const auto whole = codec.encode(context + continuation);
  const auto context_ids = context.empty() ? TokenIds{} : codec.encode(context);
  if (context_ids.size() >= whole.size()) throw BadInput("the continuation encodes to no tokens");
  TokenIds prefix = {codec.bos_id()};
  prefix.insert(prefix.end(), whole.begin(), whole.begin() + context_ids.size());
  const TokenIds tail(whole.begin() + context_ids.size(), whole.end());
  const auto result = text_model.model->loglikelihood(prefix, tail);
  std::cout << fmt::format("tokens {}\nlogprob {:.6f}\nis_greedy {}\n", tail.size(), result.logprob,
                           result.is_greedy ? "true" : "false");
  return kExitOk;
}

}  // namespace fot::cli
