// fot-eval generate: greedy text from a checkpoint and a prompt (prompt encoded with BOS).
#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "models/model_factory.h"

namespace fot::cli {

int run_generate(const std::vector<std::string>& args) {
  ModelFlags model_flags;
  TokenizerFlag tokenizer;
  std::string prompt;
  int max_new_tokens = 64;
  std::vector<std::string> stops;
  po::options_description flags("generate");
  add_flags(flags, model_flags);
  add_flags(flags, tokenizer, /*required=*/false);
  flags.add_options()
      ("prompt", po::value(&prompt)->required(), "prompt text (BOS is prepended)")
      ("max-new-tokens", po::value(&max_new_tokens)->default_value(64), "most tokens to generate")
      ("stop", po::value(&stops)->composing(), "stop when the generated text contains this (repeatable)")
      ("print-ids", "print the generated ids, space-separated, on the last line instead of the text");
  po::variables_map values;
  if (!parse_flags(args, flags, "generate --model PATH [--tokenizer PATH] --prompt TEXT [options]", values)) return kExitOk;
  if (max_new_tokens < 0) throw BadInput("--max-new-tokens must be >= 0");

  auto text_model = load_text_model(to_model_spec(model_flags, tokenizer.path));
  TokenIds input = {text_model.codec->bos_id()};
  auto prompt_ids = text_model.codec->encode(prompt);
  input.insert(input.end(), prompt_ids.begin(), prompt_ids.end());
  StopPredicate stop;
  if (!stops.empty()) {
    stop = [&](const TokenIds& generated) {
      const auto text = text_model.codec->decode(generated);
      for (const auto& s : stops)
        if (text.find(s) != std::string::npos) return true;
      return false;
    };
  }
  const auto generated = text_model.model->generate_greedy(input, max_new_tokens, stop);
  if (values.count("print-ids")) {
    std::string line;
    for (size_t i = 0; i < generated.size(); ++i) line += (i ? " " : "") + std::to_string(generated[i]);
    std::cout << line << "\n";
  } else {
    std::cout << text_model.codec->decode(generated) << "\n";
  }
  return kExitOk;
}

}  // namespace fot::cli
