// fot-eval tokenize: the pieces of a text on one line, then its ids (no BOS) on the last line.
#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "models/tokenizer/tokenizer.h"

namespace fot::cli {

int run_tokenize(const std::vector<std::string>& args) {
  TokenizerFlag tokenizer_flag;
  std::string text;
  po::options_description flags("tokenize options");
  add_flags(flags, tokenizer_flag);
  flags.add_options()("text", po::value(&text)->required(), "text to tokenize (no BOS is added)");
  po::variables_map values;
  if (!parse_flags(args, flags, "tokenize --tokenizer PATH --text TEXT", values)) return kExitOk;

  const auto tokenizer = Tokenizer::load(tokenizer_flag.path);
  const auto pieces = tokenizer->encode_pieces(text);
  const auto ids = tokenizer->encode(text);
  for (size_t i = 0; i < pieces.size(); ++i) std::cout << (i ? " " : "") << pieces[i];
  std::cout << "\n";
  for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
  std::cout << std::endl;
  return kExitOk;
}

}  // namespace fot::cli
